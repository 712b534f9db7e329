import { useRef, type ReactNode } from 'react'
import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import type { BucketSize } from '../../../../shared/chart-schemas'
import { bucketText, compactNumber, tickText } from './chart-format'
import { useBrush, type BrushSelection } from './use-brush'

/**
 * A log axis' range: from a little under the smallest positive value of the series to a little
 * over the largest (a log scale cannot start at 0, and recharts' automatic range cut lines off).
 */
function logDomain(data: readonly TimePoint[], series: readonly Series[]): [number, number] {
  let low = Infinity
  let high = 0
  for (const point of data)
    for (const each of series) {
      const value = point[each.key]
      if (value === undefined || !(value > 0)) continue
      low = Math.min(low, value)
      high = Math.max(high, value)
    }
  if (high === 0) return [1, 10]
  return [low / 1.5, high * 1.5]
}

/** One series of a time chart: its field in the data, name, colour and mark. */
export type Series = {
  key: string
  name: string
  /** A CSS colour, usually a chart variable: `var(--chart-failure)`. */
  color: string
  /**
   * Bars per bucket, a line, or a stacked area drawn as steps over each bucket's slot (one shape
   * per series: many series over many buckets draw far faster than as bars).
   */
  kind: 'bar' | 'line' | 'area'
  /** Bars with the same stack id stack. */
  stack?: string
}

/** A bucket of a time chart: its UTC start and one number per series. */
export type TimePoint = { start: number } & Record<string, number>

/**
 * A time chart over UTC buckets: bars and lines per series, brushable with the pointer (drag over
 * buckets to narrow the filter's range to them) and clickable (a bucket opens its events).
 */
export function TimeChart(props: {
  data: readonly TimePoint[]
  bucket: BucketSize
  series: readonly Series[]
  onBrush: (first: TimePoint, last: TimePoint) => void
  onOpen: (point: TimePoint) => void
  yTickFormatter?: (value: number) => string
  tooltipFormatter?: (value: number) => string
  isLogScale?: boolean
  height?: number
  /** Draw the series' legend (a chart with its own list of series leaves it out). */
  hasLegend?: boolean
  /** Extra marks drawn over the chart (spike markers). */
  children?: ReactNode
}) {
  const { data } = props
  const pendingOpen = useRef<number | undefined>(undefined)
  const brush = useBrush({
    onBrush: (selection: BrushSelection) => {
      const first = data[selection.first]
      const last = data[selection.last]
      if (first !== undefined && last !== undefined) props.onBrush(first, last)
    },
    onClick: (index) => {
      // A press and release on one bucket: opened after the click that follows, unless that
      // click was on a bar, which names its bucket surely (the chart's may lag the pointer).
      const point = data[index]
      if (point === undefined) return
      pendingOpen.current = window.setTimeout(() => {
        props.onOpen(point)
      }, 0)
    },
  })
  const selected = brush.selection
  const selectedFrom = selected === undefined ? undefined : data[selected.first]?.start
  const selectedTo = selected === undefined ? undefined : data[selected.last]?.start
  const format = props.tooltipFormatter ?? ((value: number) => value.toLocaleString('en-US'))
  return (
    <div className="time-chart" style={{ height: props.height ?? 220 }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={[...data]}
          margin={{ top: 18, right: 12, bottom: 0, left: 0 }}
          {...brush.chartProps}
          style={{ cursor: 'crosshair', userSelect: 'none' }}
        >
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis
            dataKey="start"
            tickFormatter={(value: number) => tickText(value, props.bucket)}
            stroke="var(--chart-axis)"
            tick={{ fill: 'var(--chart-axis)', fontSize: 11 }}
            minTickGap={24}
          />
          <YAxis
            stroke="var(--chart-axis)"
            tick={{ fill: 'var(--chart-axis)', fontSize: 11 }}
            width={56}
            {...(props.isLogScale === true
              ? { scale: 'log' as const, domain: logDomain(data, props.series) }
              : {})}
            tickFormatter={props.yTickFormatter ?? compactNumber}
          />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(value) => bucketText(Number(value), props.bucket)}
            formatter={(value) => format(Number(value))}
            contentStyle={{
              background: 'var(--surface)',
              border: '1px solid var(--border)',
              color: 'var(--text)',
            }}
            cursor={{ fill: 'var(--chart-cursor)' }}
          />
          {props.hasLegend !== false && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {props.series.map((series) =>
            series.kind === 'bar' ? (
              <Bar
                key={series.key}
                dataKey={series.key}
                name={series.name}
                fill={series.color}
                isAnimationActive={false}
                {...(series.stack === undefined ? {} : { stackId: series.stack })}
                // A bar's own click names its bucket even before the chart has seen the pointer
                // move onto it (a press the chart-level handlers cannot place).
                onClick={(_, index) => {
                  window.clearTimeout(pendingOpen.current)
                  const point = data[index]
                  if (point !== undefined) props.onOpen(point)
                }}
              />
            ) : series.kind === 'area' ? (
              <Area
                key={series.key}
                dataKey={series.key}
                name={series.name}
                type="step"
                stroke={series.color}
                fill={series.color}
                fillOpacity={0.85}
                isAnimationActive={false}
                {...(series.stack === undefined ? {} : { stackId: series.stack })}
              />
            ) : (
              <Line
                key={series.key}
                dataKey={series.key}
                name={series.name}
                stroke={series.color}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            ),
          )}
          {selectedFrom !== undefined && selectedTo !== undefined && (
            <ReferenceArea
              x1={selectedFrom}
              x2={selectedTo}
              fill="var(--chart-brush)"
              fillOpacity={0.35}
              stroke="var(--accent)"
            />
          )}
          {props.children}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  )
}
