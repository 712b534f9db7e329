// The cache's side of the comparison, computed in one pass per question: per UTC day the count
// and ids_sha256 (from ids already ordered by day, then UTF-8 bytes), and per day the count and
// events_sha256 (from raw JSON in seq order, all days hashed side by side).
import { dayMs, dayOf, type DayRange } from './days'
import { DayEventHashes, emptySha256, idsSha256 } from './hashes'

/** A day's count and ids hash in the cache. */
export type LocalDayIds = { count: number; idsSha256: string }

/**
 * Counts and hashes the ids of every day in `range` from rows ordered by day (then id); a day
 * without rows gets count 0 and the empty hash. Out-of-order ids within a day are re-sorted.
 */
export function summariseIds(
  rows: Iterable<{ day: number; id: string }>,
  range: DayRange,
): Map<number, LocalDayIds> {
  const days = new Map<number, LocalDayIds>()
  for (let day = range.fromDay; day <= range.toDay; day += 1)
    days.set(day, { count: 0, idsSha256: emptySha256 })
  let currentDay: number | undefined
  let ids: string[] = []
  const flush = (): void => {
    if (currentDay !== undefined && days.has(currentDay))
      days.set(currentDay, { count: ids.length, idsSha256: idsSha256(ids) })
  }
  for (const row of rows) {
    if (row.day !== currentDay) {
      flush()
      currentDay = row.day
      ids = []
    }
    ids.push(row.id)
  }
  flush()
  return days
}

/** events_sha256 of the days of `range` (only of `onlyDays` when given) from events read in seq
 * order; of the raw text as stored unless `isCanonicalising`. */
export function summariseEvents(
  rows: Iterable<{ occurred_at: number; raw: string }>,
  range: DayRange,
  options: { isCanonicalising: boolean; onlyDays?: ReadonlySet<number> },
): DayEventHashes {
  const hashes = new DayEventHashes(options.isCanonicalising)
  const from = range.fromDay * dayMs
  const to = (range.toDay + 1) * dayMs
  for (const row of rows) {
    if (row.occurred_at < from || row.occurred_at >= to) continue
    const day = dayOf(row.occurred_at)
    if (options.onlyDays === undefined || options.onlyDays.has(day)) hashes.add(day, row.raw)
  }
  return hashes
}
