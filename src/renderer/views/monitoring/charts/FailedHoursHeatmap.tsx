import type { MethodOutput } from '../../../../shared/contract'
import { formatCount } from '../../../format'
import { ChartCard } from './ChartCard'
import type { ChartContext } from './chart-context'
import { hourText, rangeText, weekdayName, weekdayShort } from './chart-format'
import { useChart } from './use-chart'

type Cells = MethodOutput<'charts.failedSignInHours'>['cells']

const hours = Array.from({ length: 24 }, (_, hour) => hour)
const weekdays = [0, 1, 2, 3, 4, 5, 6]

/** The heat of a count relative to the busiest cell, as a percentage of the failure colour. */
const heat = (count: number, most: number): number =>
  count === 0 || most === 0 ? 0 : Math.round(12 + (88 * count) / most)

/**
 * Failed sign-ins by UTC weekday and hour of day, as a table whose cells are shaded by count (a
 * table, so each cell has its weekday and hour as headers for screen readers).
 */
export function FailedHoursHeatmap(props: { context: ChartContext }) {
  const { context } = props
  const state = useChart('charts.failedSignInHours', context.audit.filter, context.version)
  return (
    <ChartCard
      id="failed-hours"
      title="Failed sign-ins by weekday and hour"
      caption="Hours and weekdays in UTC; the stronger the red, the more failed sign-ins"
      state={state}
      texts={{
        loading: 'Counting failed sign-ins by hour…',
        empty: 'No failed sign-ins match the filter in this range.',
      }}
      isEmpty={(value) => value.total === 0}
      describe={(value) => {
        const range =
          value.axis === null ? '' : ` from ${rangeText(value.axis.from, value.axis.to)}`
        const top = [...value.cells].sort((a, b) => b.failures - a.failures)[0]
        const peak =
          top === undefined
            ? ''
            : ` The most, ${formatCount(top.failures)}, on ${weekdayName(top.weekday)}s at ${hourText(top.hour)} UTC.`
        return `${formatCount(value.total)} failed sign-ins${range}.${peak}`
      }}
      chart={(value) => <HeatTable cells={value.cells} />}
    />
  )
}

function HeatTable(props: { cells: Cells }) {
  const counts = new Map(
    props.cells.map((cell) => [`${String(cell.weekday)}:${String(cell.hour)}`, cell.failures]),
  )
  const most = Math.max(0, ...props.cells.map((cell) => cell.failures))
  return (
    <table className="heatmap" data-testid="heatmap">
      <thead>
        <tr>
          <td />
          {hours.map((hour) => (
            <th scope="col" key={hour} abbr={hourText(hour)}>
              {hour % 3 === 0 ? String(hour).padStart(2, '0') : ''}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weekdays.map((weekday) => (
          <tr key={weekday}>
            <th scope="row" abbr={weekdayName(weekday)}>
              {weekdayShort(weekday)}
            </th>
            {hours.map((hour) => {
              const count = counts.get(`${String(weekday)}:${String(hour)}`) ?? 0
              return (
                <td
                  key={hour}
                  title={`${weekdayName(weekday)} ${hourText(hour)} UTC: ${formatCount(count)} failed`}
                  style={
                    count === 0
                      ? undefined
                      : {
                          background: `color-mix(in srgb, var(--chart-failure) ${String(heat(count, most))}%, transparent)`,
                        }
                  }
                  className={heat(count, most) > 70 ? 'heat-cell is-hot' : 'heat-cell'}
                >
                  {count === 0 ? '' : formatCount(count)}
                </td>
              )
            })}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
