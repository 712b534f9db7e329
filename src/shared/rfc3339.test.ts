import { describe, expect, it } from 'vitest'
import { formatRfc3339, parseRfc3339 } from './rfc3339'

describe('parseRfc3339', () => {
  it.each([
    ['2026-11-25T10:15:30.123Z', Date.UTC(2026, 10, 25, 10, 15, 30, 123)],
    ['2026-11-25T10:15:30Z', Date.UTC(2026, 10, 25, 10, 15, 30)],
    ['2026-11-25t10:15:30.1z', Date.UTC(2026, 10, 25, 10, 15, 30, 100)],
    ['2026-11-25T10:15:30.123456789Z', Date.UTC(2026, 10, 25, 10, 15, 30, 123)],
    ['2026-11-25T12:15:30.000+02:00', Date.UTC(2026, 10, 25, 10, 15, 30)],
    ['2026-11-25T05:45:30-04:30', Date.UTC(2026, 10, 25, 10, 15, 30)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['0001-01-01T00:00:00Z', Date.UTC(1, 0, 1) - 0],
  ])('parses %s', (text, expected) => {
    expect(parseRfc3339(text)).toBe(expected)
  })

  it.each([
    ['no offset', '2026-11-25T10:15:30.123'],
    ['date only', '2026-11-25'],
    ['space separator', '2026-11-25 10:15:30Z'],
    ['February 30', '2026-02-30T00:00:00Z'],
    ['February 29 in a common year', '2026-02-29T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['hour 24', '2026-11-25T24:00:00Z'],
    ['leap second', '2016-12-31T23:59:60Z'],
    ['offset hour 24', '2026-11-25T10:15:30+24:00'],
    ['offset without colon', '2026-11-25T10:15:30+0200'],
    ['trailing text', '2026-11-25T10:15:30Z junk'],
    ['fullwidth digits', '２０２６-11-25T10:15:30Z'],
    ['empty fraction', '2026-11-25T10:15:30.Z'],
    ['Date.parse-only form', 'Wed, 25 Nov 2026 10:15:30 GMT'],
    ['empty', ''],
  ])('refuses %s', (_, text) => {
    expect(parseRfc3339(text)).toBeUndefined()
  })

  it('round-trips the contract form', () => {
    const text = '2026-08-27T00:00:00.000Z'
    expect(formatRfc3339(parseRfc3339(text) ?? 0)).toBe(text)
  })
})
