import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { compactNumber } from './chart-format'

/** One ranked row: its label (log text, drawn as text), counts per series, and its events' link. */
export type RankRow = { label: string; href: string | null } & Record<
  string,
  number | string | null
>

/** The longest label drawn on the axis (the tooltip and the values table show it whole). */
const maxLabelLength = 28

const shortLabel = (label: string): string =>
  label.length > maxLabelLength ? `${label.slice(0, maxLabelLength - 1)}…` : label

/**
 * Horizontal stacked bars, most first: countries, endpoints. Clicking a row with a link opens its
 * events (rows without one, such as an unknown country, are not links).
 */
export function RankChart(props: {
  rows: readonly RankRow[]
  series: readonly { key: string; name: string; color: string }[]
  onOpen: (href: string) => void
  labelWidth?: number
}) {
  const height = Math.max(120, 28 * props.rows.length + 48)
  // A bar's own click names its row; a click beside the bars, the row under the pointer.
  const open = (index: number) => {
    const href = props.rows[index]?.href
    if (href !== null && href !== undefined) props.onOpen(href)
  }
  return (
    <div className="rank-chart" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={[...props.rows]}
          layout="vertical"
          margin={{ top: 4, right: 16, bottom: 0, left: 4 }}
          onClick={(state) => {
            open(Number(state.activeTooltipIndex ?? Number.NaN))
          }}
          style={{ cursor: 'pointer' }}
        >
          <CartesianGrid stroke="var(--chart-grid)" horizontal={false} />
          <XAxis
            type="number"
            tickFormatter={compactNumber}
            stroke="var(--chart-axis)"
            tick={{ fill: 'var(--chart-axis)', fontSize: 11 }}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={props.labelWidth ?? 180}
            tickFormatter={(value: string) => shortLabel(value)}
            stroke="var(--chart-axis)"
            tick={{ fill: 'var(--text)', fontSize: 12 }}
            interval={0}
          />
          <Tooltip
            isAnimationActive={false}
            formatter={(value) => Number(value).toLocaleString('en-US')}
            contentStyle={{
              background: 'var(--surface)',
              border: '1px solid var(--border)',
              color: 'var(--text)',
            }}
            cursor={{ fill: 'var(--chart-cursor)' }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {props.series.map((series) => (
            <Bar
              key={series.key}
              dataKey={series.key}
              name={series.name}
              stackId="rank"
              fill={series.color}
              isAnimationActive={false}
              onClick={(_, index) => {
                open(index)
              }}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}

/** A ranked chart's values as a table: the label as text, the counts, and the events' link. */
export function RankValues(props: {
  rows: readonly RankRow[]
  heading: string
  series: readonly { key: string; name: string }[]
  openLabel: string
}) {
  return (
    <div className="values-scroll">
      <table className="values-table">
        <thead>
          <tr>
            <th scope="col">{props.heading}</th>
            {props.series.map((series) => (
              <th scope="col" key={series.key}>
                {series.name}
              </th>
            ))}
            <th scope="col">
              <span className="sr-only">Events</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, index) => (
            <tr key={index}>
              <th scope="row" className="log-text">
                {row.label}
              </th>
              {props.series.map((series) => (
                <td key={series.key}>{Number(row[series.key] ?? 0).toLocaleString('en-US')}</td>
              ))}
              <td>
                {row.href === null ? (
                  ''
                ) : (
                  <a href={row.href} aria-label={`${props.openLabel}, ${row.label}`}>
                    Open
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
