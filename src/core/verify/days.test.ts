import { describe, expect, it } from 'vitest'
import { chunkDays, dayMs, dayOf, dayText, isSealed, parseDayText } from './days'

describe('UTC days', () => {
  it('round-trips day numbers and their YYYY-MM-DD text', () => {
    const day = dayOf(Date.UTC(2026, 10, 25, 23, 59, 59, 999))
    expect(dayText(day)).toBe('2026-11-25')
    expect(parseDayText('2026-11-25')).toBe(day)
    expect(dayOf(Date.UTC(2026, 10, 26))).toBe(day + 1)
  })

  it('refuses impossible and loosely written dates', () => {
    for (const text of ['2026-02-30', '2026-13-01', '2026-1-01', '2026-11-25T00:00:00Z', ''])
      expect(parseDayText(text)).toBeUndefined()
    expect(parseDayText('2028-02-29')).toBeDefined()
  })

  it('splits a long range into consecutive requests of at most 400 days', () => {
    expect(chunkDays({ fromDay: 0, toDay: 999 })).toEqual([
      { fromDay: 0, toDay: 399 },
      { fromDay: 400, toDay: 799 },
      { fromDay: 800, toDay: 999 },
    ])
    expect(chunkDays({ fromDay: 5, toDay: 5 })).toEqual([{ fromDay: 5, toDay: 5 }])
  })

  it('seals a day exactly 48 hours after its start', () => {
    expect(isSealed(10, 12 * dayMs - 1)).toBe(false)
    expect(isSealed(10, 12 * dayMs)).toBe(true)
  })
})
