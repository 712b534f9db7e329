import { useState } from 'react'
import { useClient } from '../../client/ClientContext'
import { hashFor } from '../../navigation'
import { useConnectionsStore } from '../../state/connections-store'
import { ConnectForm } from './ConnectForm'

/** The first-run screen: explore the demo organization, or connect your own. */
export function FirstRun() {
  const client = useClient()
  const refresh = useConnectionsStore((state) => state.refresh)
  const setActive = useConnectionsStore((state) => state.setActive)
  const [isStarting, setStarting] = useState(false)
  const [error, setError] = useState<string | undefined>()

  const startDemo = async () => {
    setStarting(true)
    setError(undefined)
    const started = await client.call('demo.start', {})
    setStarting(false)
    if (!started.ok) {
      setError(started.error.message)
      return
    }
    setActive(started.value.connectionId)
    await refresh(client)
    window.location.hash = hashFor('audit-log')
  }

  return (
    <section className="first-run" data-testid="first-run" aria-labelledby="first-run-heading">
      <h2 id="first-run-heading">Start reviewing audit logs</h2>
      <div className="first-run-paths">
        <div className="first-run-path">
          <h3>Explore the demo organization</h3>
          <p>
            A generated organization with 90 days of sign-ins, member and role changes, templates,
            API keys and API traffic, including a few incidents to find. It runs on this machine
            only, while Audit Desk is open; its events go into the same local cache as yours would.
          </p>
          <button
            type="button"
            className="button primary"
            disabled={isStarting}
            onClick={() => {
              void startDemo()
            }}
            data-testid="start-demo"
          >
            {isStarting ? 'Generating the demo organization…' : 'Explore the demo organization'}
          </button>
          {error !== undefined && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="first-run-path">
          <h3>Connect your organization</h3>
          <p>
            The key is checked with the organization API before anything is kept. It never goes into
            the cache, logs or exports.
          </p>
          <ConnectForm
            onConnected={() => {
              window.location.hash = hashFor('audit-log')
            }}
          />
        </div>
      </div>
    </section>
  )
}
