import { EmptyState } from '../components/EmptyState'
import { CachePath } from './CachePath'

/** The organizations this cache syncs from. */
export function ConnectionsView() {
  return (
    <EmptyState
      testId="empty-connections"
      heading="No organization connected"
      what={
        <>
          Connections are the organizations this cache syncs from. Audit Desk pulls two streams from
          each organization&apos;s API, the audit log and the API request log, incrementally and
          without losing or doubling an event, and proves each day complete against the
          server&apos;s own counts.
        </>
      }
      how={
        <>
          <p>To connect an organization you need:</p>
          <ul>
            <li>its API base URL (HTTPS; plain HTTP only for a server on this machine);</li>
            <li>
              an API key with the <code>audit_logs:read</code> scope, from your organization&apos;s
              settings. The key stays in your system&apos;s secret store, never in the cache, logs
              or exports.
            </li>
          </ul>
          <p>
            Synced events are stored in <CachePath />.
          </p>
        </>
      }
    />
  )
}
