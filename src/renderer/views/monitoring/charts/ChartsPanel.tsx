import { useMemo } from 'react'
import type { Stream } from '../../../../shared/filter'
import {
  describeFilter,
  formatQuery,
  parseQuery,
  type QueryFilter,
} from '../../../../shared/query-language'
import { useHashQuery } from '../../../navigation'
import { useConnectionsStore } from '../../../state/connections-store'
import { auditPeriodRange, useAuditPeriod } from '../../log/audit-period'
import { QueryBar } from '../../log/QueryBar'
import type { ChartContext } from './chart-context'
import { chartsHash, termsNotApplied, unrangedQuery } from './chart-links'
import { CountriesChart } from './CountriesChart'
import { FailedHoursHeatmap } from './FailedHoursHeatmap'
import { KeyRequestsChart } from './KeyRequestsChart'
import { RequestHealthCharts } from './RequestHealthCharts'
import { SignInsChart } from './SignInsChart'
import { TopEndpointsChart } from './TopEndpointsChart'
import './charts.css'

const go = (hash: string) => {
  window.location.hash = hash
}

/**
 * The Monitoring charts over the current filter: the log views' query bar (the query lives in the
 * location, `#/monitoring/charts?q=…`, so back and forward work), then the sign-in charts and the
 * API request charts, each computed by the core from SQL aggregates.
 */
export function ChartsPanel(props: { connectionId: string }) {
  const query = useHashQuery()
  const version = useConnectionsStore((state) => state.dataVersion)
  const auditPeriod = useAuditPeriod()
  const parsed = useMemo(() => parseQuery(query), [query])
  const context = useMemo((): ChartContext => {
    const streamFilter = (stream: Stream) => {
      const filter = parseQuery(query, stream).filter
      return { filter: { ...filter, connectionId: props.connectionId }, query: filter }
    }
    return {
      query,
      audit: streamFilter('audit-events'),
      requests: streamFilter('request-logs'),
      version,
      go,
    }
  }, [query, props.connectionId, version])
  const submit = (filter: QueryFilter) => {
    go(chartsHash(formatQuery(filter)))
  }
  const hasRange = parsed.filter.from !== undefined || parsed.filter.to !== undefined
  return (
    <div className="charts-panel" data-testid="charts-panel">
      <QueryBar
        query={query}
        errors={parsed.errors}
        placeholder="actor:ana@ status:failure country:RU key:9f2c from:2026-11-01"
        onSubmit={(text) => {
          go(chartsHash(text))
        }}
        auditPeriod={auditPeriod}
        onAuditPeriod={(period) => {
          submit({ ...parsed.filter, ...auditPeriodRange(period) })
        }}
        onQuickRange={(sinceMs) => {
          const ranged: QueryFilter = { ...parsed.filter, from: Date.now() - sinceMs }
          delete ranged.to
          submit(ranged)
        }}
      />
      <div className="charts-toolbar">
        <span className="muted" data-testid="charts-filter-summary">
          {describeFilter(parsed.filter)}
        </span>
        {hasRange && (
          <a className="button" href={chartsHash(unrangedQuery(query))}>
            Whole cache
          </a>
        )}
        <span className="muted">Drag across a time chart to zoom in; Back returns.</span>
      </div>
      <section className="charts-section" aria-labelledby="charts-sign-ins">
        <h2 id="charts-sign-ins">Sign-ins</h2>
        <NotApplied terms={termsNotApplied(query, 'audit-events')} />
        <div className="charts-grid">
          <SignInsChart context={context} />
          <FailedHoursHeatmap context={context} />
          <CountriesChart context={context} />
        </div>
      </section>
      <section className="charts-section" aria-labelledby="charts-requests">
        <h2 id="charts-requests">API requests</h2>
        <NotApplied terms={termsNotApplied(query, 'request-logs')} />
        <div className="charts-grid">
          <KeyRequestsChart context={context} connectionId={props.connectionId} />
          <RequestHealthCharts context={context} />
          <TopEndpointsChart context={context} />
        </div>
      </section>
    </div>
  )
}

/** Terms of the query these charts do not apply (they belong to the other stream). */
function NotApplied(props: { terms: readonly string[] }) {
  if (props.terms.length === 0) return null
  return (
    <p className="chart-note" role="note">
      Not applied here (they filter the other log):{' '}
      {props.terms.map((term) => `“${term}”`).join(', ')}
    </p>
  )
}
