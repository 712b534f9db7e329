// Lays the coverage days out as a GitHub-style calendar: one column per week (Monday first), one
// row per weekday, blanks before the first day and after the last, and a month label over the
// column where each month begins. Days are UTC dates.
import type { CoverageDay } from '../../../shared/sync-status-schemas'

/** One cell of the grid: a day (with its index in the day list) or a blank. */
export type CalendarCell = { day: CoverageDay; index: number } | undefined

/** A month label and the week column it starts over. */
export type MonthLabel = { column: number; label: string }

const monthNames = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const

/** Monday 0 … Sunday 6 of a `YYYY-MM-DD` UTC date. */
export function weekdayOf(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7
}

/** The weeks (columns of seven cells) of consecutive days, and where each month starts. */
export function calendarWeeks(days: readonly CoverageDay[]): {
  weeks: CalendarCell[][]
  months: MonthLabel[]
} {
  const first = days[0]
  if (first === undefined) return { weeks: [], months: [] }
  const cells: CalendarCell[] = Array.from({ length: weekdayOf(first.date) }, () => undefined)
  days.forEach((day, index) => cells.push({ day, index }))
  while (cells.length % 7 !== 0) cells.push(undefined)
  const weeks: CalendarCell[][] = []
  for (let start = 0; start < cells.length; start += 7) weeks.push(cells.slice(start, start + 7))
  const months: MonthLabel[] = []
  weeks.forEach((week, column) => {
    const date = (
      column === 0
        ? week.find((cell) => cell !== undefined)
        : week.find((cell) => cell?.day.date.endsWith('-01'))
    )?.day.date
    if (date === undefined) return
    // A month that begins right after the first column takes its place (labels would overlap).
    if (months.length === 1 && months[0]?.column === 0 && column < 3) months.pop()
    const isYearShown = months.length === 0 || date.slice(5, 7) === '01'
    const month = monthNames[Number(date.slice(5, 7)) - 1] ?? ''
    months.push({ column, label: isYearShown ? `${month} ${date.slice(0, 4)}` : month })
  })
  return { weeks, months }
}

/** The day index an arrow key moves to from `index` (rows are weekdays, columns weeks). */
export function movedIndex(key: string, index: number, count: number): number | undefined {
  const steps: Record<string, number> = { ArrowUp: -1, ArrowDown: 1, ArrowLeft: -7, ArrowRight: 7 }
  if (key === 'Home') return 0
  if (key === 'End') return count - 1
  const step = steps[key]
  if (step === undefined) return undefined
  return Math.min(count - 1, Math.max(0, index + step))
}
