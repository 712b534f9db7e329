// UTC calendar days as whole numbers (days since 1970-01-01), the unit of stats, digests and
// day_verifications, with the contract's `YYYY-MM-DD` text form and the 400-day request limit.

/** Milliseconds in one UTC day. */
export const dayMs = 86_400_000

/** The most days one stats or digests request may cover (org-api.md). */
export const maxDaysPerRequest = 400

/** An inclusive range of day numbers. */
export type DayRange = { fromDay: number; toDay: number }

/** The UTC day number of an epoch-millisecond instant. */
export function dayOf(epochMs: number): number {
  return Math.floor(epochMs / dayMs)
}

/** The `YYYY-MM-DD` text of a day number. */
export function dayText(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10)
}

/** Parses a strict `YYYY-MM-DD` UTC date; undefined for anything else (no 2026-02-30). */
export function parseDayText(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (match === null) return undefined
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const time = Date.UTC(year, month - 1, date)
  const day = dayOf(time)
  return dayText(day) === text ? day : undefined
}

/** Splits a range into consecutive ranges of at most `size` days, in order. */
export function chunkDays(range: DayRange, size = maxDaysPerRequest): DayRange[] {
  const chunks: DayRange[] = []
  for (let fromDay = range.fromDay; fromDay <= range.toDay; fromDay += size) {
    chunks.push({ fromDay, toDay: Math.min(range.toDay, fromDay + size - 1) })
  }
  return chunks
}

/** Whether a day is sealed at `now`: at least 48 hours past its start (org-api.md, digests). */
export function isSealed(day: number, now: number): boolean {
  return now >= (day + 2) * dayMs
}
