import { ReferenceLine } from 'recharts'
import type { ChartApiKey, ChartAxis } from '../../../../shared/chart-schemas'
import type { Finding } from '../../../../shared/findings-schemas'
import { displayText } from '../../../components/log/display-text'
import { formatCount } from '../../../format'
import { hashWithQuery } from '../../../navigation'
import { ChartCard } from './ChartCard'
import { zoomTo, type ChartContext } from './chart-context'
import { bucketText, bucketWords, denseBuckets, rangeText } from './chart-format'
import { requestEventsHash } from './chart-links'
import { TimeChart, type Series, type TimePoint } from './TimeChart'
import { TimeValues } from './TimeValues'
import { useChart } from './use-chart'
import { useSpikes } from './use-spikes'

/** The mark of a finding on the chart: ▲ a usage spike, ◆ use from a new address. */
const markOf = (finding: Finding): string => (finding.ruleId === 'api-usage-spike' ? '▲' : '◆')

/** How a key is named on the chart: its name, else its last 4, else what a missing key means. */
export function keyLabel(key: Pick<ChartApiKey, 'keyId' | 'name' | 'last4'>): string {
  if (key.keyId === null) return 'No valid key'
  if (key.name !== null) return displayText(key.name, { maxLength: 40 })
  return key.last4 === null
    ? displayText(key.keyId, { maxLength: 40 })
    : `…${displayText(key.last4)}`
}

/** Requests per API key over time, the busiest keys stacked, with the detections' spike markers. */
export function KeyRequestsChart(props: { context: ChartContext; connectionId: string }) {
  const { context } = props
  const state = useChart('charts.keyRequests', context.requests.filter, context.version)
  const axis: ChartAxis | undefined = state.status === 'ready' ? state.value.axis : undefined
  const spikes = useSpikes(props.connectionId, axis, context.version)
  return (
    <ChartCard
      id="key-requests"
      title="Requests per API key"
      wide
      caption={
        axis === undefined || axis === null
          ? 'The busiest keys stacked'
          : `The busiest keys stacked, ${bucketWords[axis.bucket]}; the detections’ findings marked: ▲ usage spike, ◆ a key used from new addresses`
      }
      state={state}
      chartExtras={spikes}
      texts={{
        loading: 'Counting requests per key…',
        empty: 'No API requests match the filter in this range.',
      }}
      computedFrom={(value) => value.computedFrom}
      isEmpty={(value) => value.buckets.length === 0}
      describe={(value) =>
        `Requests${value.axis === null ? '' : ` from ${rangeText(value.axis.from, value.axis.to)}`} by ${formatCount(value.keys.length + value.otherKeys)} keys; busiest ${keyLabel(value.keys[0] ?? { keyId: null, name: null, last4: null })}. ${formatCount(spikes.length)} usage findings marked.`
      }
      chart={(value) => {
        if (value.axis === null) return null
        const bucketMs = value.axis.bucketMs
        const series: Series[] = seriesOf(value.keys, value.otherKeys)
        const data = denseBuckets(value.axis, value.buckets.map(pointOf), (start) => ({ start }))
        return (
          <TimeChart
            data={data}
            bucket={value.axis.bucket}
            series={series}
            height={260}
            hasLegend={false}
            onBrush={(first, last) => {
              zoomTo(context, first.start, last.start + bucketMs)
            }}
            onOpen={(point) => {
              context.go(
                requestEventsHash(context.requests.query, {
                  from: point.start,
                  to: point.start + bucketMs,
                }),
              )
            }}
          >
            {spikes.map((spike) => {
              const start = data.find((point) => spike.windowStart < point.start + bucketMs)?.start
              return start === undefined ? null : (
                <ReferenceLine
                  key={spike.id}
                  x={start}
                  stroke="var(--danger)"
                  strokeDasharray="4 3"
                  label={{
                    value: markOf(spike),
                    position: 'top',
                    fill: 'var(--danger)',
                    fontSize: 12,
                  }}
                />
              )
            })}
          </TimeChart>
        )
      }}
      footer={(value) => (
        <>
          <KeyLinks context={context} keys={value.keys} otherKeys={value.otherKeys} />
          <SpikeList spikes={spikes} axis={value.axis} />
        </>
      )}
      table={(value) =>
        value.axis === null ? null : (
          <TimeValues
            id="key-requests"
            data={value.buckets.map(pointOf)}
            bucket={value.axis.bucket}
            bucketMs={value.axis.bucketMs}
            columns={seriesOf(value.keys, value.otherKeys)}
            onZoom={(from, to) => {
              zoomTo(context, from, to)
            }}
            openHref={(point) =>
              requestEventsHash(context.requests.query, {
                from: point.start,
                to: point.start + (value.axis?.bucketMs ?? 0),
              })
            }
            openLabel="Open requests"
          />
        )
      }
    />
  )
}

const pointOf = (bucket: { start: number; counts: number[] }): TimePoint => ({
  start: bucket.start,
  ...Object.fromEntries(bucket.counts.map((count, index) => [`k${String(index)}`, count])),
})

function seriesOf(keys: readonly ChartApiKey[], otherKeys: number): Series[] {
  const named = keys.map((key, index): Series => ({
    key: `k${String(index)}`,
    name: keyLabel(key),
    color: `var(--chart-${String(index + 1)})`,
    kind: 'area',
    stack: 'keys',
  }))
  if (otherKeys === 0) return named
  return [
    ...named,
    {
      key: `k${String(keys.length)}`,
      name: otherKeys === 1 ? '1 other key' : `${formatCount(otherKeys)} other keys`,
      color: 'var(--chart-other)',
      kind: 'area',
      stack: 'keys',
    },
  ]
}

function KeyLinks(props: {
  context: ChartContext
  keys: readonly ChartApiKey[]
  otherKeys: number
}) {
  return (
    <ul className="chart-keys" aria-label="Keys, busiest first (each opens its requests)">
      {props.keys.map((key, index) => (
        <li key={key.keyId ?? '(none)'}>
          <span
            className="chart-swatch"
            style={{ background: `var(--chart-${String(index + 1)})` }}
          />
          {key.keyId === null ? (
            <span>{keyLabel(key)}</span>
          ) : (
            <a href={requestEventsHash(props.context.requests.query, { apiKey: key.keyId })}>
              {keyLabel(key)}
            </a>
          )}{' '}
          <span className="muted">{formatCount(key.requests)}</span>
        </li>
      ))}
      {props.otherKeys > 0 && (
        <li>
          <span className="chart-swatch" style={{ background: 'var(--chart-other)' }} />
          <span>
            {props.otherKeys === 1 ? '1 other key' : `${formatCount(props.otherKeys)} other keys`}
          </span>
        </li>
      )}
    </ul>
  )
}

function SpikeList(props: { spikes: readonly Finding[]; axis: ChartAxis }) {
  if (props.spikes.length === 0 || props.axis === null) return null
  const bucket = props.axis.bucket
  return (
    <ul className="chart-spikes" aria-label="Usage findings" data-testid="chart-spikes">
      {props.spikes.map((spike) => (
        <li key={spike.id}>
          <span className="spike-mark" aria-hidden="true">
            {markOf(spike)}
          </span>{' '}
          <span className="sr-only">{spike.ruleTitle}:</span>
          <span>{bucketText(spike.windowStart, bucket === 'week' ? 'day' : bucket)}</span>{' '}
          <span className="log-text">
            {spike.apiKeys
              .map((key) => displayText(key.label ?? key.id, { maxLength: 40 }))
              .join(', ')}
          </span>
          : <span>{displayText(spike.explanation)}</span>{' '}
          <a href={hashWithQuery('api-requests', `finding:${spike.id}`)}>Evidence</a>
        </li>
      ))}
    </ul>
  )
}
