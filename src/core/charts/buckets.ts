// Time buckets of the charts and the split of a time range into the parts each source answers:
// whole days from the daily rollup, whole hours from the hourly one, the ragged ends from events.
// Every bucket and rollup span is aligned to UTC (weeks start on Monday 00:00 UTC).

/** An hour in milliseconds. */
export const hourMs = 3_600_000
/** A day in milliseconds. */
export const dayMs = 86_400_000
const weekMs = 7 * dayMs
// 1970-01-05 was a Monday: weeks are aligned to it.
const mondayOffset = 4 * dayMs

/** A chart's bucket size. */
export type BucketSize = 'hour' | 'day' | 'week'

/** The bucket size a range is charted with: hours up to 7 days, days up to 2 years, else weeks. */
export function bucketFor(from: number, to: number): BucketSize {
  const span = to - from
  if (span <= 7 * dayMs) return 'hour'
  if (span <= 731 * dayMs) return 'day'
  return 'week'
}

/** A bucket size in milliseconds. */
export const bucketMs = (size: BucketSize): number =>
  size === 'hour' ? hourMs : size === 'day' ? dayMs : weekMs

/** The start of the bucket (or span) of `size` ms that holds `time` (floored, also before 1970). */
export function floorTo(time: number, size: number): number {
  const offset = size === weekMs ? mondayOffset : 0
  return time - ((((time - offset) % size) + size) % size)
}

/** The start of the first bucket (or span) of `size` ms at or after `time`. */
export function ceilTo(time: number, size: number): number {
  const floor = floorTo(time, size)
  return floor === time ? time : floor + size
}

/** Where a part of the range is answered from: a rollup of this span, or the events. */
export type Source = { kind: 'rollup'; spanMs: number } | { kind: 'events' }

/** A part of the range [from, to) and its source. */
export type Segment = { from: number; to: number; source: Source }

/**
 * Splits [from, to) into parts: the largest aligned middle answered by the coarsest span in
 * `spans` (longest first), its ragged ends by the next, and what no span covers by the events.
 * Parts are in time order, never overlap, and cover the range exactly.
 */
export function splitRange(from: number, to: number, spans: readonly number[]): Segment[] {
  if (to <= from) return []
  const [span, ...finer] = spans
  if (span === undefined) return [{ from, to, source: { kind: 'events' } }]
  const start = ceilTo(from, span)
  const end = floorTo(to, span)
  if (start >= end) return splitRange(from, to, finer)
  return [
    ...splitRange(from, start, finer),
    { from: start, to: end, source: { kind: 'rollup', spanMs: span } },
    ...splitRange(end, to, finer),
  ]
}
