// How the charts write times, durations and counts: always UTC (the buckets are UTC), labelled so.
import type { BucketSize } from '../../../../shared/chart-schemas'

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const
const weekdayNames = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const

/** A weekday's short name, 0 Monday .. 6 Sunday. */
export const weekdayShort = (weekday: number): string => weekdays[weekday] ?? '?'

/** A weekday's full name, 0 Monday .. 6 Sunday. */
export const weekdayName = (weekday: number): string => weekdayNames[weekday] ?? '?'

/** An hour of day as `14:00`. */
export const hourText = (hour: number): string => `${String(hour).padStart(2, '0')}:00`

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * A bucket's start as an axis tick: `Nov 26 14:00` for hours, `Nov 26` for days and weeks
 * (called for every tick on every draw: no Intl formatting here).
 */
export function tickText(start: number, bucket: BucketSize): string {
  const date = new Date(start)
  const day = `${months[date.getUTCMonth()] ?? ''} ${String(date.getUTCDate())}`
  return bucket === 'hour' ? `${day} ${hourText(date.getUTCHours())}` : day
}

/** A bucket as people read it: `2026-11-26 14:00–15:00 UTC`, `2026-11-26 UTC`, `week of 2026-11-23 UTC`. */
export function bucketText(start: number, bucket: BucketSize): string {
  const iso = new Date(start).toISOString()
  const day = iso.slice(0, 10)
  if (bucket === 'hour') {
    const hour = new Date(start).getUTCHours()
    return `${day} ${hourText(hour)}–${hourText((hour + 1) % 24)} UTC`
  }
  return bucket === 'day' ? `${day} UTC` : `week of ${day} UTC`
}

/** The bucket size in words, for chart captions. */
export const bucketWords: Record<BucketSize, string> = {
  hour: 'per hour (UTC)',
  day: 'per day (UTC)',
  week: 'per week (UTC, from Monday)',
}

/** A range as `2026-08-28 12:05 → 2026-11-26 16:11 UTC`. */
export function rangeText(from: number, to: number): string {
  const show = (time: number) => new Date(time).toISOString().slice(0, 16).replace('T', ' ')
  return `${show(from)} → ${show(to)} UTC`
}

/** A duration in milliseconds: `850 ms`, `1.2 s`, `31 s`. */
export function durationText(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`
  if (ms < 1000) return `${String(Math.round(ms))} ms`
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`
  return `${String(Math.round(ms / 1000))} s`
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })

/** A count as an axis tick: 950, 12K, 3.4M (one formatter, made once). */
export const compactNumber = (value: number): string => compact.format(value)

/** A share as a percentage with one decimal: `2.4 %`. */
export const percentText = (share: number): string => `${(share * 100).toFixed(1)} %`

/** The most buckets drawn with their empty ones filled in (beyond, only buckets with data). */
const maxDenseBuckets = 2000

/**
 * The buckets of an axis, empty ones included (so gaps show as zero), each from the data when
 * present; only the data's buckets when the axis would hold too many.
 */
export function denseBuckets<T extends { start: number }>(
  axis: { from: number; to: number; bucketMs: number },
  data: readonly T[],
  empty: (start: number) => T,
): T[] {
  const first = data[0]?.start
  if (first === undefined) return []
  // The bucket that holds the axis' start: the latest start at or before it, a whole number of
  // buckets from the data's.
  const origin =
    axis.from - ((((axis.from - first) % axis.bucketMs) + axis.bucketMs) % axis.bucketMs)
  const count = Math.ceil((axis.to - origin) / axis.bucketMs)
  if (count > maxDenseBuckets || count < 1) return [...data]
  const byStart = new Map(data.map((entry) => [entry.start, entry]))
  return Array.from({ length: count }, (_, index) => {
    const start = origin + index * axis.bucketMs
    return byStart.get(start) ?? empty(start)
  })
}
