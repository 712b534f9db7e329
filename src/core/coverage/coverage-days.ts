// The coverage calendar of one stream: every UTC day of the cached period and of the server's
// retention window, with its cached event count and one status. The rule, in order:
//   1. mismatched  the last verification of the day found the cache differs from the server
//                  (it stays so until a verification or repair says otherwise);
//   2. verified    the last verification proved the day, the day still holds the number of
//                  events it proved, and no gap touching the day was recorded after it;
//   3. gap         the cache lacks, or may lack, events of the day: a recorded gap's window
//                  reaches the day (see gapDays), or the day has no cached event although it
//                  lies between the oldest and the newest day that have some;
//   4. unverified  anything else (never verified, or the proof went stale).
import type { Stream } from '../../shared/filter'
import { dayMs, dayOf, dayText } from '../verify/days'
import type { CoverageStore, StoredDayCheck, StoredGap } from './coverage-store'

/** How a day stands. */
export type CoverageStatus = 'verified' | 'mismatched' | 'unverified' | 'gap'

/** One day of the calendar. */
export type CoverageDay = {
  date: string
  events: number
  status: CoverageStatus
  /** When the day was last verified, whatever the outcome (null: never). */
  checkedAt: number | null
  /** The server's count at that verification (null: unknown). */
  serverCount: number | null
}

/** Days the server keeps (org-api.md: `retention_days`, 90 for every plan today). */
export const serverWindowDays = 90

/** An event is recorded at most this long after it occurred (org-api.md). */
const recordingDelayMs = dayMs

/** A gap as day numbers: the days whose events may be missing, and when it was recorded. */
export type GapDays = { fromDay: number; toDay: number; detectedAt: number }

/**
 * The days a gap may have taken events from. The missing events were recorded between the cached
 * events around the missing seqs (or in the gap's own recorded_at window, when stored), and each
 * occurred at most 24 hours before it was recorded. Without a cached event below the gap the
 * window opens at `floorDay`; without one above it, it closes at `ceilingDay`.
 */
export function gapDays(
  gap: StoredGap,
  around: { before: number | undefined; after: number | undefined },
  floorDay: number,
  ceilingDay: number,
): GapDays {
  const from = gap.fromTime ?? around.before
  const to = gap.toTime ?? around.after
  return {
    fromDay: from === undefined ? floorDay : Math.max(floorDay, dayOf(from - recordingDelayMs)),
    toDay: to === undefined ? ceilingDay : Math.min(ceilingDay, dayOf(to)),
    detectedAt: gap.detectedAt,
  }
}

/** What judging a calendar needs, already read from the cache. */
export type CoverageInput = {
  today: number
  counts: ReadonlyMap<number, number>
  checks: ReadonlyMap<string, StoredDayCheck>
  gaps: readonly GapDays[]
}

/** The calendar's first and last day: the cached period joined with the server's window. */
export function coverageRange(
  today: number,
  counts: ReadonlyMap<number, number>,
): { fromDay: number; toDay: number; oldestCached?: number; newestCached?: number } {
  const cached = [...counts.keys()]
  const windowStart = today - serverWindowDays + 1
  if (cached.length === 0) return { fromDay: windowStart, toDay: today }
  const oldestCached = Math.min(...cached)
  const newestCached = Math.max(...cached)
  return {
    fromDay: Math.min(windowStart, oldestCached),
    toDay: Math.max(today, newestCached),
    oldestCached,
    newestCached,
  }
}

/** Every day of the calendar, oldest first, judged by the rule at the top of this file. */
export function judgeCoverage(input: CoverageInput): CoverageDay[] {
  const range = coverageRange(input.today, input.counts)
  const days: CoverageDay[] = []
  for (let day = range.fromDay; day <= range.toDay; day += 1) {
    const date = dayText(day)
    const events = input.counts.get(day) ?? 0
    const check = input.checks.get(date)
    const touching = input.gaps.filter((gap) => gap.fromDay <= day && day <= gap.toDay)
    const isInside =
      range.oldestCached !== undefined &&
      range.newestCached !== undefined &&
      day > range.oldestCached &&
      day < range.newestCached
    days.push({
      date,
      events,
      status: statusOf(events, check, touching, isInside),
      checkedAt: check?.checkedAt ?? null,
      serverCount: check?.serverCount ?? null,
    })
  }
  return days
}

function statusOf(
  events: number,
  check: StoredDayCheck | undefined,
  touching: readonly GapDays[],
  isInside: boolean,
): CoverageStatus {
  if (check?.status === 'mismatched') return 'mismatched'
  if (
    check?.status === 'verified' &&
    check.localCount === events &&
    touching.every((gap) => gap.detectedAt <= check.checkedAt)
  )
    return 'verified'
  if (touching.length > 0 || (events === 0 && isInside)) return 'gap'
  return 'unverified'
}

/** Reads and judges the calendar of one stream of a connection at `now`. */
export function readCoverage(
  store: CoverageStore,
  connectionId: string,
  stream: Stream,
  now: number,
): CoverageDay[] {
  const today = dayOf(now)
  const counts = store.dayCounts(connectionId, stream)
  const range = coverageRange(today, counts)
  const gaps = store.gaps(connectionId, stream).map((gap) =>
    gapDays(
      gap,
      {
        before:
          gap.fromSeq === null
            ? undefined
            : store.recordedBefore(connectionId, stream, gap.fromSeq),
        after:
          gap.toSeq === null ? undefined : store.recordedAfter(connectionId, stream, gap.toSeq),
      },
      range.oldestCached ?? range.fromDay,
      range.toDay,
    ),
  )
  return judgeCoverage({ today, counts, checks: store.checks(connectionId, stream), gaps })
}
