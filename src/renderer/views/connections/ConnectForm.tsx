import { useState } from 'react'
import { useClient } from '../../client/ClientContext'
import { useConnectionsStore } from '../../state/connections-store'

/** "Connect your organization": base URL and key, checked with the server before anything is kept. */
export function ConnectForm(props: { onConnected: (connectionId: string) => void }) {
  const client = useClient()
  const refresh = useConnectionsStore((state) => state.refresh)
  const setActive = useConnectionsStore((state) => state.setActive)
  const [baseUrl, setBaseUrl] = useState('')
  const [apiKey, setApiKey] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [notice, setNotice] = useState<string | undefined>()
  const [isBusy, setBusy] = useState(false)

  const submit = async (event: { preventDefault: () => void }) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    setNotice(undefined)
    const added = await client.call('connections.add', { baseUrl, apiKey })
    if (!added.ok) {
      setBusy(false)
      setError(added.error.message)
      return
    }
    setApiKey('')
    setActive(added.value.connectionId)
    await refresh(client)
    const started = await client.call('sync.start', { connectionId: added.value.connectionId })
    setBusy(false)
    if (!started.ok) setError(started.error.message)
    if (added.value.keyStorage === 'session')
      setNotice(
        `Connected to ${added.value.organizationName}. Browser mode keeps the key in memory only: you will enter it again after a restart.`,
      )
    props.onConnected(added.value.connectionId)
  }

  return (
    <form
      className="connect-form"
      data-testid="connect-form"
      onSubmit={(event) => {
        void submit(event)
      }}
    >
      <label>
        API base URL
        <input
          type="url"
          required
          placeholder="https://api.example.com"
          value={baseUrl}
          onChange={(event) => {
            setBaseUrl(event.target.value)
          }}
          data-testid="connect-url"
        />
      </label>
      <label>
        <span>
          API key (scope <code>audit_logs:read</code>)
        </span>
        <input
          type="password"
          required
          autoComplete="off"
          spellCheck={false}
          value={apiKey}
          onChange={(event) => {
            setApiKey(event.target.value)
          }}
          data-testid="connect-key"
        />
      </label>
      <button type="submit" className="button" disabled={isBusy} data-testid="connect-submit">
        {isBusy ? 'Checking the key…' : 'Check and connect'}
      </button>
      {error !== undefined && (
        <p className="form-error" role="alert" data-testid="connect-error">
          {error}
        </p>
      )}
      {notice !== undefined && (
        <p className="form-notice" role="status">
          {notice}
        </p>
      )}
    </form>
  )
}
