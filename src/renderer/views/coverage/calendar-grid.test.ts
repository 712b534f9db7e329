import { describe, expect, it } from 'vitest'
import type { CoverageDay } from '../../../shared/sync-status-schemas'
import { calendarWeeks, movedIndex, weekdayOf } from './calendar-grid'

const day = (date: string): CoverageDay => ({
  date,
  events: 1,
  status: 'verified',
  checkedAt: null,
  serverCount: null,
})

function daysFrom(first: string, count: number): CoverageDay[] {
  const start = Date.parse(`${first}T00:00:00Z`)
  return Array.from({ length: count }, (_, index) =>
    day(new Date(start + index * 86_400_000).toISOString().slice(0, 10)),
  )
}

describe('the calendar grid', () => {
  it('puts each day in its weekday row, Monday first, with blanks around the range', () => {
    expect(weekdayOf('2026-11-02')).toBe(0) // a Monday
    expect(weekdayOf('2026-11-01')).toBe(6) // a Sunday
    const { weeks } = calendarWeeks(daysFrom('2026-10-29', 10)) // Thursday to Saturday
    expect(weeks).toHaveLength(2)
    expect(weeks[0]?.map((cell) => cell?.day.date ?? null)).toEqual([
      null,
      null,
      null,
      '2026-10-29',
      '2026-10-30',
      '2026-10-31',
      '2026-11-01',
    ])
    expect(weeks[1]?.slice(5).map((cell) => cell?.day.date ?? null)).toEqual(['2026-11-07', null])
    expect(
      weeks
        .flat()
        .filter((cell) => cell !== undefined)
        .map((cell) => cell.index),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('labels the first column and every column where a month begins', () => {
    const { months } = calendarWeeks(daysFrom('2026-11-05', 70))
    expect(months).toEqual([
      { column: 0, label: 'Nov 2026' },
      { column: 4, label: 'Dec' },
      { column: 8, label: 'Jan 2027' },
    ])
  })

  it('drops the first label when a month begins right after it', () => {
    const { months } = calendarWeeks(daysFrom('2026-11-28', 10))
    expect(months).toEqual([{ column: 1, label: 'Dec 2026' }])
  })

  it('has nothing to lay out for no days', () => {
    expect(calendarWeeks([])).toEqual({ weeks: [], months: [] })
  })

  it('moves a day with up and down, a week with left and right, within the range', () => {
    expect(movedIndex('ArrowDown', 3, 10)).toBe(4)
    expect(movedIndex('ArrowRight', 5, 10)).toBe(9)
    expect(movedIndex('ArrowLeft', 3, 10)).toBe(0)
    expect(movedIndex('Home', 5, 10)).toBe(0)
    expect(movedIndex('End', 5, 10)).toBe(9)
    expect(movedIndex('Enter', 5, 10)).toBeUndefined()
  })
})
