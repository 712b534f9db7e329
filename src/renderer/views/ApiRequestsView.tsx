import { EmptyState } from '../components/EmptyState'
import { LogView } from './log/LogView'
import { hashFor } from '../navigation'

/** The organization's API request log. Empty until an organization has been synced. */
function NoEvents() {
  return (
    <EmptyState
      testId="empty-api-requests"
      heading="No API request logs in this cache yet"
      what={
        <>
          Each request made to your organization&apos;s API appears here with its time, method,
          endpoint, status code, response time and the last four characters of the API key that made
          it, so you can trace errors, slow requests and unusual use of a key.
        </>
      }
      how={
        <p>
          The request log is synced together with the audit log from the same connection. Connect
          your organization under Connections; both streams are then kept in this cache for offline
          review.
        </p>
      }
      action={{ label: 'Go to Connections', href: hashFor('connections') }}
    />
  )
}

/** The API request log of the active organization; the first-run screen before any is connected. */
export function ApiRequestsView() {
  return <LogView stream="request-logs" view="api-requests" empty={<NoEvents />} />
}
