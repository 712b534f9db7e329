import type { ChartEndpoint } from '../../../../shared/chart-schemas'
import { displayText } from '../../../components/log/display-text'
import { formatCount } from '../../../format'
import { ChartCard } from './ChartCard'
import type { ChartContext } from './chart-context'
import { requestEventsHash } from './chart-links'
import { RankChart, RankValues, type RankRow } from './RankChart'
import { useChart } from './use-chart'

const series = [
  { key: 'ok', name: 'Below 400', color: 'var(--chart-3)' },
  { key: 'errors', name: 'Errors (400 and above)', color: 'var(--chart-failure)' },
] as const

/** The busiest endpoints (ids in paths grouped); click one for its requests. */
export function TopEndpointsChart(props: { context: ChartContext }) {
  const { context } = props
  const state = useChart('charts.topEndpoints', context.requests.filter, context.version)
  const rowsOf = (endpoints: readonly ChartEndpoint[]) => {
    const seen = new Map<string, number>()
    return endpoints.map((endpoint): RankRow => {
      // Log text, with invisible and direction characters shown as escapes; kept unique per row.
      const shown = displayText(endpoint.route)
      const times = (seen.get(shown) ?? 0) + 1
      seen.set(shown, times)
      return {
        label: times === 1 ? shown : `${shown} (${String(times)})`,
        ok: endpoint.requests - endpoint.errors,
        errors: endpoint.errors,
        href:
          endpoint.endpointFilter === null
            ? null
            : requestEventsHash(context.requests.query, { endpoint: endpoint.endpointFilter }),
      }
    })
  }
  return (
    <ChartCard
      id="endpoints"
      title="Top endpoints"
      caption="Requests per endpoint, ids in paths grouped as {id}; click an endpoint for its requests"
      state={state}
      texts={{
        loading: 'Ranking endpoints…',
        empty: 'No API requests match the filter in this range.',
      }}
      computedFrom={(value) => value.computedFrom}
      isEmpty={(value) => value.endpoints.length === 0}
      describe={(value) =>
        `Busiest endpoint: ${displayText(value.endpoints[0]?.route ?? '')} with ${formatCount(value.endpoints[0]?.requests ?? 0)} requests.`
      }
      chart={(value) => (
        <RankChart
          rows={rowsOf(value.endpoints)}
          series={series}
          onOpen={context.go}
          labelWidth={230}
        />
      )}
      footer={(value) => (
        <p className="chart-note">
          {value.others.routes > 0 &&
            `${formatCount(value.others.routes)} other endpoints, ${formatCount(value.others.requests)} requests. `}
          {value.endpoints.some((endpoint) => !endpoint.isExact) &&
            'An endpoint with {id} opens the requests under its path up to the id.'}
        </p>
      )}
      table={(value) => (
        <RankValues
          rows={rowsOf(value.endpoints)}
          heading="Endpoint"
          series={series}
          openLabel="Open requests"
        />
      )}
    />
  )
}
