import type { MethodOutput } from '../../../../shared/contract'
import { formatCount } from '../../../format'
import { ChartCard } from './ChartCard'
import { zoomTo, type ChartContext } from './chart-context'
import { bucketWords, denseBuckets, durationText, percentText, rangeText } from './chart-format'
import { requestEventsHash } from './chart-links'
import { TimeChart, type TimePoint } from './TimeChart'
import { TimeValues } from './TimeValues'
import { useChart } from './use-chart'

type Health = MethodOutput<'charts.requestHealth'>

const rateSeries = [
  { key: 'clientRate', name: '4xx share', color: 'var(--chart-2)', kind: 'line' },
  { key: 'serverRate', name: '5xx share', color: 'var(--chart-failure)', kind: 'line' },
] as const
const latencySeries = [
  { key: 'p50', name: 'p50', color: 'var(--chart-1)', kind: 'line' },
  { key: 'p95', name: 'p95', color: 'var(--chart-2)', kind: 'line' },
  { key: 'p99', name: 'p99', color: 'var(--chart-failure)', kind: 'line' },
] as const

const pointOf = (bucket: Health['buckets'][number]): TimePoint => ({
  start: bucket.start,
  requests: bucket.requests,
  clientRate: bucket.clientErrors / bucket.requests,
  serverRate: bucket.serverErrors / bucket.requests,
  p50: bucket.p50,
  p95: bucket.p95,
  p99: bucket.p99,
})

const texts = {
  loading: 'Summing requests, errors and durations…',
  empty: 'No API requests match the filter in this range.',
}

/** Error rate and latency percentiles of the API requests over time (one aggregate, two charts). */
export function RequestHealthCharts(props: { context: ChartContext }) {
  const { context } = props
  const state = useChart('charts.requestHealth', context.requests.filter, context.version)
  const caption = (what: string) =>
    state.status === 'ready' && state.value.axis !== null
      ? `${what}, ${bucketWords[state.value.axis.bucket]}`
      : what
  const isEmpty = (value: Health) => value.buckets.length === 0
  return (
    <>
      <ChartCard
        id="error-rate"
        title="Error rate"
        caption={caption('Share of requests with status 400–499 and 500 and above')}
        state={state}
        texts={texts}
        isEmpty={isEmpty}
        computedFrom={(value) => value.computedFrom}
        describe={(value) => {
          const requests = value.buckets.reduce((sum, bucket) => sum + bucket.requests, 0)
          const server = value.buckets.reduce((sum, bucket) => sum + bucket.serverErrors, 0)
          const client = value.buckets.reduce((sum, bucket) => sum + bucket.clientErrors, 0)
          return `${formatCount(requests)} requests${rangeOf(value)}: ${percentText(client / requests)} 4xx, ${percentText(server / requests)} 5xx.`
        }}
        chart={(value) => (
          <HealthChart
            context={context}
            value={value}
            series={rateSeries}
            status="failure"
            format={percentText}
          />
        )}
        table={(value) => <HealthValues context={context} value={value} />}
      />
      <ChartCard
        id="latency"
        title="Latency"
        caption={
          <>
            {caption('p50, p95 and p99 response time, log scale')}
            {state.status === 'ready' &&
              ` · read from duration bins, within ${(state.value.percentileErrorBound * 100).toFixed(1)} %`}
          </>
        }
        state={state}
        texts={texts}
        isEmpty={isEmpty}
        computedFrom={(value) => value.computedFrom}
        describe={(value) => {
          const worst = Math.max(...value.buckets.map((bucket) => bucket.p99))
          return `Latency${rangeOf(value)}: the highest p99 was ${durationText(worst)}.`
        }}
        chart={(value) => (
          <HealthChart
            context={context}
            value={value}
            series={latencySeries}
            format={durationText}
            isLogScale
          />
        )}
        table={(value) => <HealthValues context={context} value={value} />}
      />
    </>
  )
}

const rangeOf = (value: Health) =>
  value.axis === null ? '' : ` from ${rangeText(value.axis.from, value.axis.to)}`

function HealthChart(props: {
  context: ChartContext
  value: Health
  series: typeof rateSeries | typeof latencySeries
  format: (value: number) => string
  status?: string
  isLogScale?: boolean
}) {
  const { context, value } = props
  const axis = value.axis
  if (axis === null) return null
  const data = denseBuckets(axis, value.buckets.map(pointOf), (start) => ({ start }))
  return (
    <TimeChart
      data={data}
      bucket={axis.bucket}
      series={props.series}
      yTickFormatter={props.format}
      tooltipFormatter={props.format}
      isLogScale={props.isLogScale === true}
      onBrush={(first, last) => {
        zoomTo(context, first.start, last.start + axis.bucketMs)
      }}
      onOpen={(point) => {
        context.go(
          requestEventsHash(context.requests.query, {
            from: point.start,
            to: point.start + axis.bucketMs,
            ...(props.status === undefined ? {} : { status: props.status }),
          }),
        )
      }}
    />
  )
}

function HealthValues(props: { context: ChartContext; value: Health }) {
  const { context, value } = props
  if (value.axis === null) return null
  const bucketMs = value.axis.bucketMs
  return (
    <TimeValues
      id="health"
      data={value.buckets.map(pointOf)}
      bucket={value.axis.bucket}
      bucketMs={bucketMs}
      columns={[
        { key: 'requests', name: 'Requests' },
        { key: 'clientRate', name: '4xx', format: percentText },
        { key: 'serverRate', name: '5xx', format: percentText },
        { key: 'p50', name: 'p50', format: durationText },
        { key: 'p95', name: 'p95', format: durationText },
        { key: 'p99', name: 'p99', format: durationText },
      ]}
      onZoom={(from, to) => {
        zoomTo(context, from, to)
      }}
      openHref={(point) =>
        requestEventsHash(context.requests.query, { from: point.start, to: point.start + bucketMs })
      }
      openLabel="Open requests"
    />
  )
}
