import { describe, expect, it } from 'vitest'
import { Random } from './random'
import { iso, localClock, parseDate, parseRfc3339 } from './time'

describe('parseRfc3339', () => {
  it.each([
    ['2026-11-25T10:15:30.123Z', Date.parse('2026-11-25T10:15:30.123Z')],
    ['2026-11-25T10:15:30Z', Date.parse('2026-11-25T10:15:30.000Z')],
    ['2026-11-25t10:15:30z', Date.parse('2026-11-25T10:15:30.000Z')],
    ['2026-11-25T12:15:30.1+02:00', Date.parse('2026-11-25T10:15:30.100Z')],
    ['2026-11-25T05:00:00-05:30', Date.parse('2026-11-25T10:30:00.000Z')],
    ['2026-11-25T10:15:30.1230000001Z', Date.parse('2026-11-25T10:15:30.124Z')],
    ['2024-02-29T00:00:00Z', Date.parse('2024-02-29T00:00:00Z')],
    ['0050-01-01T00:00:00Z', Date.parse('0050-01-01T00:00:00Z')],
  ])('parses %s', (text, expected) => {
    expect(parseRfc3339(text)).toBe(expected)
  })

  it.each([
    '',
    '2026-11-25',
    '2026-11-25T10:15:30',
    '2026-11-25 10:15:30Z',
    '2026-11-25T10:15Z',
    '2026-02-29T00:00:00Z',
    '2026-11-31T00:00:00Z',
    '2026-11-25T24:00:00Z',
    '2026-11-25T10:60:00Z',
    '2026-11-25T10:15:30+24:00',
    '2026-11-25T10:15:30.Z',
    '2026-11-25T10:15:30+0200',
    '+2026-11-25T10:15:30Z',
    '2026-11-25T10:15:30Z ',
    '١٢٣٤-11-25T10:15:30Z',
  ])('rejects %j', (text) => {
    expect(parseRfc3339(text)).toBeNull()
  })

  it('round-trips random instants through iso() for any offset', () => {
    const random = new Random(1, 'time-test')
    for (let round = 0; round < 2000; round++) {
      const time = random.int(0, 4_102_444_800_000)
      expect(iso(time)).toBe(new Date(time).toISOString())
      const offset = random.int(-23 * 60, 23 * 60)
      const local = new Date(time + offset * 60_000).toISOString().slice(0, 23)
      const sign = offset < 0 ? '-' : '+'
      const text = `${local}${sign}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`
      expect(parseRfc3339(text)).toBe(time)
    }
  })
})

describe('dates and zones', () => {
  it('parses calendar dates strictly', () => {
    expect(parseDate('2026-11-01')).toBe(Date.parse('2026-11-01T00:00:00Z') / 86_400_000)
    for (const text of [
      '2026-11-1',
      '2026-13-01',
      '2026-02-29',
      '20261101',
      '2026-11-01T00:00:00Z',
    ])
      expect(parseDate(text)).toBeNull()
  })

  it('gives local hours across a DST change', () => {
    expect(localClock('Europe/Berlin', Date.parse('2026-03-29T00:30:00Z')).hour).toBeCloseTo(1.5)
    expect(localClock('Europe/Berlin', Date.parse('2026-03-29T01:30:00Z')).hour).toBeCloseTo(3.5)
    expect(localClock('America/New_York', Date.parse('2026-11-26T12:00:00Z'))).toEqual({
      hour: 7,
      weekday: 4,
    })
  })
})
