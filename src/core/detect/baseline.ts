// Small statistics the rules share: medians over windows where only the non-empty ones are
// listed, and the window arithmetic of fixed, epoch-aligned windows.

/**
 * The median of `windows` counts of which only the non-zero ones are given (the others are 0),
 * so a trailing baseline never needs a row per empty hour. 0 when `windows` is 0.
 */
export function medianWithZeros(nonZero: readonly number[], windows: number): number {
  if (windows <= 0) return 0
  const sorted = nonZero.filter((value) => value > 0).sort((a, b) => a - b)
  const zeros = Math.max(0, windows - sorted.length)
  const at = (index: number): number => (index < zeros ? 0 : (sorted[index - zeros] ?? 0))
  const total = zeros + sorted.length
  const middle = Math.floor((total - 1) / 2)
  return total % 2 === 1 ? at(middle) : (at(middle) + at(middle + 1)) / 2
}

/** The median of a list (0 for an empty one). */
export function median(values: readonly number[]): number {
  return medianWithZeros(values, values.length)
}

/** The start of the epoch-aligned window of `size` ms that holds `time`. */
export const windowStart = (time: number, size: number): number => Math.floor(time / size) * size

/** Milliseconds in a minute, an hour and a day. */
export const minuteMs = 60_000
export const hourMs = 3_600_000
export const dayMs = 86_400_000
