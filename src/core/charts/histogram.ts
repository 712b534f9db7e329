// Request durations as a fixed log-scale histogram, so percentiles can be summed from hourly
// rollups instead of sorting millions of rows. Bin 0 holds durations under 1 ms; bins 1..160 split
// [1 ms, 2^20 ms) into steps of 2^(1/8); the last bin holds 2^20 ms (about 17.5 minutes) and more.
// A percentile is read as its bin's geometric middle, so for a duration d in [1 ms, 2^20 ms) the
// reported value v satisfies |v - d| / d <= 2^(1/16) - 1 (4.43 %). Under 1 ms it is reported as
// 0.5 ms (at most 0.5 ms off); at or above 2^20 ms as 2^20 ms (a lower bound).

/** Bins per doubling of the duration. */
const binsPerDoubling = 8
/** Doublings covered above 1 ms before the overflow bin. */
const doublings = 20

/** Number of histogram bins: under 1 ms, the log-scale bins, and the overflow bin. */
export const durationBinCount = binsPerDoubling * doublings + 2

/** The largest relative error of a percentile read from the histogram (within 1 ms .. 2^20 ms). */
export const percentileErrorBound = 2 ** (1 / (2 * binsPerDoubling)) - 1

const lastBin = durationBinCount - 1
const overflowMs = 2 ** doublings

/** The bin of a duration in milliseconds (the JavaScript twin of durationBinSql). */
export function durationBin(ms: number): number {
  if (!(ms >= 1)) return 0 // also NaN and negatives: the contract's durations are >= 0
  if (ms >= overflowMs) return lastBin
  return 1 + Math.floor(Math.log2(ms) * binsPerDoubling)
}

/**
 * The SQL expression of a duration column's bin, as durationBin computes it (SQLite's log2 from
 * its math functions, built into better-sqlite3).
 */
export function durationBinSql(column: string): string {
  return `(CASE WHEN ${column} < 1 THEN 0 WHEN ${column} >= ${String(overflowMs)} THEN ${String(lastBin)}
    ELSE 1 + CAST(floor(log2(${column}) * ${String(binsPerDoubling)}) AS INTEGER) END)`
}

/** The value a bin stands for: its geometric middle (see the error bound above). */
export function binValue(bin: number): number {
  if (bin <= 0) return 0.5
  if (bin >= lastBin) return overflowMs
  return 2 ** ((bin - 1 + 0.5) / binsPerDoubling)
}

/**
 * The p-th percentile (0 < p <= 1, nearest rank: the smallest duration with at least p of all at
 * or below it) of the durations counted in `bins`, or null when there are none.
 */
export function percentileFromBins(bins: readonly number[], p: number): number | null {
  let total = 0
  for (const count of bins) total += count
  if (total === 0) return null
  const rank = Math.max(1, Math.ceil(p * total))
  let seen = 0
  for (const [bin, count] of bins.entries()) {
    seen += count
    if (seen >= rank) return binValue(bin)
  }
  return binValue(lastBin)
}

/** An empty histogram. */
export const emptyBins = (): number[] => new Array<number>(durationBinCount).fill(0)

/** The rollup table's column of each bin, `d0` .. `d161`: fixed names, never from input. */
export const binColumns: readonly string[] = Array.from(
  { length: durationBinCount },
  (_, bin) => `d${String(bin)}`,
)
