import { useEffect, useState } from 'react'
import type { SecretStorage } from '../../../shared/secret-schemas'
import { useClient } from '../../client/ClientContext'
import { useConnectionsStore } from '../../state/connections-store'
import { KeyStorageChoice } from './KeyStorageChoice'
import { keptText } from './key-storage-text'

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
  const [storage, setStorage] = useState<SecretStorage | undefined>()
  // Where the host has no secret store, a readable copy is stored only if the user says so.
  const [isWeakAllowed, setWeakAllowed] = useState(false)

  useEffect(() => {
    let isCurrent = true
    void client.call('secrets.status', {}).then((result) => {
      if (isCurrent && result.ok) setStorage(result.value)
    })
    return () => {
      isCurrent = false
    }
  }, [client])

  const submit = async (event: { preventDefault: () => void }) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    setNotice(undefined)
    const storeKey = storage?.storage === 'weak' && isWeakAllowed ? 'allow-weak' : 'encrypted-only'
    const added = await client.call('connections.add', { baseUrl, apiKey, storeKey })
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
    setNotice(keptText(added.value.organizationName, added.value.keyStorage))
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
      {storage !== undefined && (
        <KeyStorageChoice
          status={storage}
          isWeakAllowed={isWeakAllowed}
          onWeakAllowedChange={setWeakAllowed}
        />
      )}
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
