import { EmptyState } from '../components/EmptyState'
import { hashFor } from '../navigation'
import { useActiveConnection } from '../state/connections-store'
import { AlertsPanel } from './monitoring/alerts/AlertsPanel'
import { ChartsPanel } from './monitoring/charts/ChartsPanel'
import { FindingsPanel } from './monitoring/findings/FindingsPanel'
import { useMonitoringTab, monitoringTabs } from './monitoring/tabs'
import './monitoring/monitoring.css'

/**
 * Detections, charts and alerts over the active organization's cache, one tab each (the tab is
 * in the location, `#/monitoring/findings`, so links and back/forward reach it).
 */
export function MonitoringView() {
  const connection = useActiveConnection()
  const tab = useMonitoringTab()
  if (connection === undefined) return <NothingToMonitor />
  return (
    <section className="monitoring" data-testid="monitoring">
      <nav className="monitoring-tabs" aria-label="Monitoring">
        {monitoringTabs.map((each) => (
          <a
            key={each.id}
            href={`${hashFor('monitoring')}/${each.id}`}
            className={each.id === tab ? 'monitoring-tab is-current' : 'monitoring-tab'}
            aria-current={each.id === tab ? 'page' : undefined}
            data-testid={`monitoring-tab-${each.id}`}
          >
            {each.title}
          </a>
        ))}
      </nav>
      {tab === 'charts' && <ChartsPanel connectionId={connection.id} />}
      {tab === 'findings' && <FindingsPanel connectionId={connection.id} />}
      {tab === 'alerts' && <AlertsPanel connectionId={connection.id} />}
    </section>
  )
}

function NothingToMonitor() {
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
