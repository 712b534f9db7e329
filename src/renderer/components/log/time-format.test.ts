import { describe, expect, it } from 'vitest'
import { formatInstant, formatOffset, localTimeZone, zoneLabel } from './time-format'

const winter = Date.UTC(2026, 0, 15, 12, 0, 0, 123)
const summer = Date.UTC(2026, 6, 15, 12, 0, 0, 7)

describe('formatInstant', () => {
  it('shows UTC to the millisecond, with the zone only when asked', () => {
    expect(formatInstant(winter, 'utc')).toBe('2026-01-15 12:00:00.123')
    expect(formatInstant(summer, 'utc', { withZone: true })).toBe('2026-07-15 12:00:00.007 UTC')
    expect(formatInstant(0, 'utc')).toBe('1970-01-01 00:00:00.000')
  })

  it('shows a local zone with its own offset, which changes with daylight saving time', () => {
    const berlin = { zone: 'Europe/Berlin', withZone: true }
    expect(formatInstant(winter, 'local', berlin)).toBe('2026-01-15 13:00:00.123 +01:00')
    expect(formatInstant(summer, 'local', berlin)).toBe('2026-07-15 14:00:00.007 +02:00')
    expect(formatInstant(winter, 'local', { zone: 'Asia/Kolkata' })).toBe('2026-01-15 17:30:00.123')
    expect(formatInstant(winter, 'local', { zone: 'America/St_Johns', withZone: true })).toBe(
      '2026-01-15 08:30:00.123 -03:30',
    )
  })

  it('tells the two 02:30 of the autumn clock change apart by their offsets', () => {
    const first = Date.UTC(2026, 9, 25, 0, 30)
    const second = Date.UTC(2026, 9, 25, 1, 30)
    const options = { zone: 'Europe/Berlin', withZone: true }
    expect(formatInstant(first, 'local', options)).toBe('2026-10-25 02:30:00.000 +02:00')
    expect(formatInstant(second, 'local', options)).toBe('2026-10-25 02:30:00.000 +01:00')
  })

  it('shows midnight as 00, never 24', () => {
    expect(formatInstant(Date.UTC(2026, 2, 1, 23, 0), 'local', { zone: 'Europe/Berlin' })).toBe(
      '2026-03-02 00:00:00.000',
    )
  })

  it('keeps years before 100 as written', () => {
    const early = Date.parse('0050-06-01T00:00:00Z')
    expect(formatInstant(early, 'local', { zone: 'UTC', withZone: true })).toBe(
      '0050-06-01 00:00:00.000 +00:00',
    )
  })

  it('says "invalid time" for values no date can hold instead of throwing', () => {
    expect(formatInstant(Number.NaN, 'utc')).toBe('invalid time')
    expect(formatInstant(9e15, 'local')).toBe('invalid time')
    expect(formatInstant(Number.POSITIVE_INFINITY, 'utc')).toBe('invalid time')
  })

  it('falls back to UTC for a zone name the runtime does not know', () => {
    expect(formatInstant(winter, 'local', { zone: 'Mars/Olympus_Mons' })).toBe(
      '2026-01-15 12:00:00.123',
    )
  })
})

describe('zone labels', () => {
  it('names UTC, or the local zone by its IANA name', () => {
    expect(zoneLabel('utc')).toBe('UTC')
    expect(zoneLabel('local', 'Europe/Berlin')).toBe('local, Europe/Berlin')
    expect(zoneLabel('local')).toBe(`local, ${localTimeZone()}`)
  })

  it('formats offsets with sign, hours and minutes', () => {
    expect(formatOffset(0)).toBe('+00:00')
    expect(formatOffset(330)).toBe('+05:30')
    expect(formatOffset(-210)).toBe('-03:30')
  })
})
