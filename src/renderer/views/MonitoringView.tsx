import { EmptyState } from '../components/EmptyState'
import { hashFor } from '../navigation'

/** Detections, charts and alerts over the cache. Empty while the cache holds no events. */
export function MonitoringView() {
  return (
    <EmptyState
      testId="empty-monitoring"
      heading="Nothing to monitor yet"
      what={
        <>
          Monitoring charts sign-ins and failed logins over time, sign-ins by country, requests per
          API key, error rates and latency, and lists findings: failed-login spikes and password
          spraying, sign-ins from unusual locations, unexpected API key creation, bulk template
          deletion and API usage spikes. Alerts on critical events land in an inbox here.
        </>
      }
      how={
        <p>
          Everything is computed offline from the local cache, so it needs synced events. Connect an
          organization under Connections and run a sync.
        </p>
      }
      action={{ label: 'Go to Connections', href: hashFor('connections') }}
    />
  )
}
