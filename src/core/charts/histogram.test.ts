import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  binValue,
  durationBin,
  durationBinCount,
  durationBinSql,
  emptyBins,
  percentileErrorBound,
  percentileFromBins,
} from './histogram'

/** The nearest-rank percentile of the values themselves. */
function exactPercentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? Number.NaN
}

const duration = fc.oneof(
  fc.double({ min: 1, max: 1_000_000, noNaN: true }),
  fc.integer({ min: 1, max: 120_000 }),
)

describe('the duration histogram', () => {
  it('bins durations in SQL exactly as in JavaScript', () => {
    const db = new Database(':memory:')
    const bin = db.prepare<{ v: number }, number>(`SELECT ${durationBinSql('@v')}`).pluck()
    const samples = [0, 0.4, 1, 1.5, 2, 7, 8, 100, 183, 999.9, 30_000, 1_048_575, 1_048_576, 9e9]
    for (const value of samples) expect(bin.get({ v: value })).toBe(durationBin(value))
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2e6, noNaN: true }), (value) => {
        expect(bin.get({ v: value })).toBe(durationBin(value))
      }),
      { numRuns: 2000 },
    )
    db.close()
  })

  it('reads every percentile within the stated relative error of the exact one', () => {
    expect(percentileErrorBound).toBeLessThan(0.045)
    fc.assert(
      fc.property(
        fc.array(duration, { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0.5, 0.95, 0.99, 0.01, 1),
        (values, p) => {
          const bins = emptyBins()
          for (const value of values) bins[durationBin(value)] = (bins[durationBin(value)] ?? 0) + 1
          const estimate = percentileFromBins(bins, p) ?? Number.NaN
          const exact = exactPercentile(values, p)
          if (exact >= 1_048_576) expect(estimate).toBe(1_048_576)
          else
            expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(
              percentileErrorBound + 1e-12,
            )
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('reads durations under 1 ms as 0.5 ms and has nothing to say about no durations', () => {
    const bins = emptyBins()
    expect(percentileFromBins(bins, 0.5)).toBeNull()
    bins[durationBin(0.2)] = 3
    expect(percentileFromBins(bins, 0.99)).toBe(0.5)
    expect(binValue(durationBinCount - 1)).toBe(1_048_576)
    expect(durationBin(Number.NaN)).toBe(0)
    expect(durationBin(-5)).toBe(0)
  })
})
