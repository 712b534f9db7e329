import fc from 'fast-check'
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
    ['0001-01-01T00:00:00Z', -62_135_596_800_000],
    ['0099-12-31T23:59:59Z', -59_011_459_201_000],
    ['1969-12-31T23:59:59.999Z', -1],
    ['9999-12-31T23:59:59.999Z', 253_402_300_799_999],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
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
    ['February 29 in a century year', '1900-02-29T00:00:00Z'],
    ['ten-digit fraction', '2026-11-25T10:15:30.1234567890Z'],
    ['offset with trailing text', '2026-11-25T10:15:30+02:00x'],
    ['signed digits', '2026-+1-25T10:15:30Z'],
    ['lowercase z then text', '2026-11-25T10:15:30zz'],
    ['day 00', '2026-11-00T00:00:00Z'],
  ])('refuses %s', (_, text) => {
    expect(parseRfc3339(text)).toBeUndefined()
  })

  it('round-trips the contract form', () => {
    const text = '2026-08-27T00:00:00.000Z'
    expect(formatRfc3339(parseRfc3339(text) ?? 0)).toBe(text)
  })
})

describe('parseRfc3339 against a regular-expression oracle', () => {
  // The previous, regex-based implementation (with years below 100 fixed): the character-code
  // parser must agree with it on every input.
  const pattern =
    /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/
  function oracle(text: string): number | undefined {
    const match = pattern.exec(text)
    if (match === null) return undefined
    const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ]
    const date = new Date(0)
    date.setUTCFullYear(year, month, 0)
    if (month < 1 || month > 12 || day < 1 || day > date.getUTCDate()) return undefined
    if (hour > 23 || minute > 59 || second > 59) return undefined
    const milliseconds = Number((match[7] ?? '').slice(0, 3).padEnd(3, '0'))
    let offset = 0
    if (match[8] === undefined) {
      const offsetHours = Number(match[10])
      const offsetMinutes = Number(match[11])
      if (offsetHours > 23 || offsetMinutes > 59) return undefined
      offset = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes)
    }
    date.setUTCFullYear(year, month - 1, day)
    date.setUTCHours(hour, minute, second, milliseconds)
    return date.getTime() - offset * 60_000
  }

  const pad = (value: number, width: number) => String(value).padStart(width, '0')
  // Mostly well-formed pieces (so that many candidates are valid), sometimes anything.
  const piece = (width: number, max: number) =>
    fc.oneof(
      { arbitrary: fc.integer({ min: 0, max }).map((value) => pad(value, width)), weight: 12 },
      { arbitrary: fc.string({ minLength: 0, maxLength: width + 1 }), weight: 1 },
    )
  const separator = (valid: string, ...invalid: string[]) =>
    fc.oneof(
      { arbitrary: fc.constant(valid), weight: 12 },
      { arbitrary: fc.constantFrom(...invalid), weight: 1 },
    )
  const candidate = fc
    .tuple(
      piece(4, 9999),
      separator('-', '/', ''),
      piece(2, 13),
      piece(2, 32),
      fc.oneof(separator('T', ' ', 'X'), fc.constant('t')),
      piece(2, 25),
      separator(':', ''),
      piece(2, 61),
      piece(2, 61),
      fc.oneof(fc.constant(''), fc.stringMatching(/^\.\d{0,11}$/), fc.string({ maxLength: 3 })),
      fc.oneof(
        fc.constantFrom('Z', 'z', '', 'ZZ', '+', '+02:00 '),
        fc
          .tuple(fc.constantFrom('+', '-'), piece(2, 29), fc.constantFrom(':', ''), piece(2, 69))
          .map((parts) => parts.join('')),
      ),
    )
    .map(
      ([y, s1, mo, d, t, h, c1, mi, se, fraction, offset]) =>
        `${y}${s1}${mo}-${d}${t}${h}${c1}${mi}:${se}${fraction}${offset}`,
    )

  it('agrees on generated date-times, valid and not', () => {
    let valid = 0
    fc.assert(
      fc.property(candidate, (text) => {
        const expected = oracle(text)
        if (expected !== undefined) valid += 1
        expect(parseRfc3339(text)).toBe(expected)
      }),
      { numRuns: 20_000 },
    )
    // The generator must exercise the accepting path, not only refusals.
    expect(valid).toBeGreaterThan(1_000)
  })

  it('agrees on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        expect(parseRfc3339(text)).toBe(oracle(text))
      }),
      { numRuns: 5_000 },
    )
  })
})
