import { formatCount } from '../../../format'
import { ChartCard } from './ChartCard'
import { zoomTo, type ChartContext } from './chart-context'
import { bucketWords, denseBuckets, rangeText } from './chart-format'
import { signInEventsHash } from './chart-links'
import { TimeChart, type TimePoint } from './TimeChart'
import { TimeValues } from './TimeValues'
import { useChart } from './use-chart'

const series = [
  { key: 'success', name: 'Successful', color: 'var(--chart-success)', kind: 'bar', stack: 's' },
  { key: 'failure', name: 'Failed', color: 'var(--chart-failure)', kind: 'bar', stack: 's' },
] as const

/** Sign-ins over time, successful and failed stacked; brush to zoom, click to open the sign-ins. */
export function SignInsChart(props: { context: ChartContext }) {
  const { context } = props
  const state = useChart('charts.signIns', context.audit.filter, context.version)
  return (
    <ChartCard
      id="sign-ins"
      title="Sign-ins over time"
      caption={
        state.status === 'ready' && state.value.axis !== null
          ? `Successful and failed, ${bucketWords[state.value.axis.bucket]}; drag across bars to zoom, click a bar for its sign-ins`
          : 'Successful and failed sign-ins (user.signed_in)'
      }
      state={state}
      texts={{
        loading: 'Counting sign-ins in the filter’s range…',
        empty:
          'No sign-ins match the filter in this range. Sign-ins are user.signed_in events; widen the range or remove terms that exclude them.',
      }}
      computedFrom={(value) => value.computedFrom}
      isEmpty={(value) => value.buckets.length === 0}
      describe={(value) => {
        const success = value.buckets.reduce((sum, bucket) => sum + bucket.success, 0)
        const failure = value.buckets.reduce((sum, bucket) => sum + bucket.failure, 0)
        const range =
          value.axis === null ? '' : ` from ${rangeText(value.axis.from, value.axis.to)}`
        return `Sign-ins${range}: ${formatCount(success)} successful, ${formatCount(failure)} failed.`
      }}
      chart={(value) => {
        const axis = value.axis
        if (axis === null) return null
        const data: TimePoint[] = denseBuckets(axis, value.buckets, (start) => ({
          start,
          success: 0,
          failure: 0,
        }))
        return (
          <TimeChart
            data={data}
            bucket={axis.bucket}
            series={series}
            onBrush={(first, last) => {
              zoomTo(context, first.start, last.start + axis.bucketMs)
            }}
            onOpen={(point) => {
              context.go(
                signInEventsHash(context.audit.query, {
                  from: point.start,
                  to: point.start + axis.bucketMs,
                }),
              )
            }}
          />
        )
      }}
      table={(value) =>
        value.axis === null ? null : (
          <TimeValues
            id="sign-ins"
            data={value.buckets}
            bucket={value.axis.bucket}
            bucketMs={value.axis.bucketMs}
            columns={series}
            onZoom={(from, to) => {
              zoomTo(context, from, to)
            }}
            openHref={(point) =>
              signInEventsHash(context.audit.query, {
                from: point.start,
                to: point.start + (value.axis?.bucketMs ?? 0),
              })
            }
            openLabel="Open sign-ins"
          />
        )
      }
    />
  )
}
