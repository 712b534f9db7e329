import { useCallback, useEffect, useState } from 'react'
import { useCommandRequest } from '../menu-commands'
import { useConnectionsStore } from '../state/connections-store'
import { ConnectForm } from './connections/ConnectForm'
import { ConnectionCard } from './connections/ConnectionCard'
import { FirstRun } from './connections/FirstRun'

/** The organizations this cache syncs from, their sync status and history. */
export function ConnectionsView() {
  const connections = useConnectionsStore((state) => state.connections)
  const error = useConnectionsStore((state) => state.error)
  const [isAdding, setAdding] = useState(false)
  // File › Connect organization…: open the connect form (the first-run screen has its own) and
  // put the cursor in its first field once it is rendered.
  const [focusRequest, setFocusRequest] = useState(0)
  const openConnectForm = useCallback(() => {
    setAdding(true)
    setFocusRequest((count) => count + 1)
  }, [])
  useCommandRequest('connect', connections !== undefined, openConnectForm)
  useEffect(() => {
    if (focusRequest > 0)
      document.querySelector<HTMLInputElement>('[data-testid="connect-form"] input')?.focus()
  }, [focusRequest])
  if (error !== undefined)
    return (
      <p className="form-error" role="alert">
        {error.message}
      </p>
    )
  if (connections === undefined) return <p className="muted">Loading connections…</p>
  if (connections.length === 0) return <FirstRun />
  return (
    <div className="connections" data-testid="connections">
      {connections.map((connection) => (
        <ConnectionCard key={connection.id} connection={connection} />
      ))}
      {isAdding ? (
        <section className="connection-card">
          <h2>Connect another organization</h2>
          <ConnectForm
            onConnected={() => {
              setAdding(false)
            }}
          />
        </section>
      ) : (
        <button
          type="button"
          className="button"
          onClick={() => {
            setAdding(true)
          }}
          data-testid="add-connection"
        >
          Connect another organization
        </button>
      )}
    </div>
  )
}
