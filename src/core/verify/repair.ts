// Repair of a mismatched day: the window of recorded_at that holds every event of the day, for
// the caller to re-sync with a cursor of its own (the stream's main cursor stays untouched).
// Events are recorded at or after they occur and at most 24 hours later (org-api.md), so the
// events of day D were all recorded in [start of D, start of D + 48 h).
import type Database from 'better-sqlite3'
import type { StreamName } from '../sync/page-parser'
import { dayMs, parseDayText } from './days'
import { createVerifyStore } from './verify-store'

/** Where to re-sync a day: fetch pages from `since` (the `since` query parameter) and stop at
 * the first page whose last event was recorded at or after `until`, or when has_more is false. */
export type RepairPlan = { stream: StreamName; day: string; since: number; until: number }

/** Why a day cannot be repaired. */
export type RepairRefusal = { code: 'invalid_day' | 'not_mismatched'; message: string }

/** The re-sync window of a `YYYY-MM-DD` day; undefined for a malformed date. */
export function planDayRepair(stream: StreamName, day: string): RepairPlan | undefined {
  const number = parseDayText(day)
  if (number === undefined) return undefined
  return { stream, day, since: number * dayMs, until: (number + 2) * dayMs }
}

/** The repair plan of a day that the last verification found mismatched; refuses any other. */
export function repairDay(
  db: Database.Database,
  request: { connectionId: string; stream: StreamName; day: string },
): { ok: true; plan: RepairPlan } | { ok: false; error: RepairRefusal } {
  const plan = planDayRepair(request.stream, request.day)
  if (plan === undefined)
    return { ok: false, error: { code: 'invalid_day', message: 'day must be a YYYY-MM-DD date.' } }
  const status = createVerifyStore(db).dayStatus(request.connectionId, request.stream, request.day)
  if (status !== 'mismatched') {
    return {
      ok: false,
      error: {
        code: 'not_mismatched',
        message: `${request.day} is ${status ?? 'not verified yet'}; only a mismatched day needs a repair.`,
      },
    }
  }
  return { ok: true, plan }
}
