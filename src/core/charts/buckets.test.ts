import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bucketFor, bucketMs, ceilTo, dayMs, floorTo, hourMs, splitRange } from './buckets'

const monday = Date.UTC(2026, 10, 2)

describe('chart buckets', () => {
  it('are hours up to 7 days, days up to 2 years, then weeks from Monday, all in UTC', () => {
    expect(bucketFor(0, 7 * dayMs)).toBe('hour')
    expect(bucketFor(0, 7 * dayMs + 1)).toBe('day')
    expect(bucketFor(0, 90 * dayMs)).toBe('day')
    expect(bucketFor(0, 800 * dayMs)).toBe('week')
    expect(floorTo(monday + 3 * dayMs + 5, bucketMs('week'))).toBe(monday)
    expect(floorTo(monday - 1, bucketMs('week'))).toBe(monday - 7 * dayMs)
    expect(floorTo(-1, hourMs)).toBe(-hourMs)
    expect(ceilTo(hourMs + 1, hourMs)).toBe(2 * hourMs)
    expect(ceilTo(hourMs, hourMs)).toBe(hourMs)
  })

  it('split a range into aligned parts that cover it exactly, coarsest in the middle', () => {
    const time = fc.integer({ min: -10 * dayMs, max: 400 * dayMs })
    fc.assert(
      fc.property(time, time, fc.constantFrom([dayMs, hourMs], [hourMs], []), (a, b, spans) => {
        const [from, to] = a <= b ? [a, b] : [b, a]
        const parts = splitRange(from, to, spans)
        let at = from
        for (const part of parts) {
          expect(part.from).toBe(at)
          expect(part.to).toBeGreaterThan(part.from)
          if (part.source.kind === 'rollup') {
            expect(part.from % part.source.spanMs === 0).toBe(true)
            expect(part.to % part.source.spanMs === 0).toBe(true)
          }
          at = part.to
        }
        expect(at).toBe(to === from ? from : to)
        expect(parts.filter((part) => part.source.kind === 'events').length).toBeLessThanOrEqual(2)
      }),
      { numRuns: 1000 },
    )
  })

  it('answer a ragged 90-day range with days in the middle, hours and events at the ends', () => {
    const from = monday + 5 * hourMs + 17
    const to = monday + 90 * dayMs + 3 * hourMs + 4
    const kinds = splitRange(from, to, [dayMs, hourMs]).map((part) =>
      part.source.kind === 'events' ? 'events' : part.source.spanMs === dayMs ? 'day' : 'hour',
    )
    expect(kinds).toEqual(['events', 'hour', 'day', 'hour', 'events'])
  })
})
