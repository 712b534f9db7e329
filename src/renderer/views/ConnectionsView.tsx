import { useState } from 'react'
import { useConnectionsStore } from '../state/connections-store'
import { ConnectForm } from './connections/ConnectForm'
import { ConnectionCard } from './connections/ConnectionCard'
import { FirstRun } from './connections/FirstRun'

/** The organizations this cache syncs from, their sync status and history. */
export function ConnectionsView() {
  const connections = useConnectionsStore((state) => state.connections)
  const error = useConnectionsStore((state) => state.error)
  const [isAdding, setAdding] = useState(false)
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
