// Settings kept in the cache (app_meta), so they travel with it: the reviewer's name that
// annotations are signed with. Local retention keeps its own key (see retention.ts).
import type Database from 'better-sqlite3'
import { CoreError } from '../errors'
import { cleanReviewerName, maxReviewerNameLength, unknownReviewer } from '../reviewer'
import { auditPeriodSchema, type AuditPeriod } from '../../shared/sync-status-schemas'

const reviewerNameKey = 'reviewer_name'
const auditPeriodKey = 'audit_period'

/** Visible text: no control characters, not only whitespace. */
const isVisibleText = (text: string): boolean => /^[^\p{Cc}]*\S[^\p{Cc}]*$/u.test(text)

/** Whether a YYYY-MM-DD text names a day of the calendar (not 2026-02-30). */
function isRealDay(day: string): boolean {
  const [year, month, date] = day.split('-').map(Number)
  if (year === undefined || month === undefined || date === undefined) return false
  const time = new Date(Date.UTC(year, month - 1, date))
  return (
    time.getUTCFullYear() === year && time.getUTCMonth() === month - 1 && time.getUTCDate() === date
  )
}

/** Throws invalid_input unless `period` is two calendar days, the first not after the last. */
export function checkAuditPeriod(period: AuditPeriod): void {
  const checked = auditPeriodSchema.safeParse(period)
  if (!checked.success || !isRealDay(period.from) || !isRealDay(period.to)) {
    throw new CoreError(
      'invalid_input',
      'The audit period needs two real dates (YYYY-MM-DD), the first on or before the last.',
    )
  }
}

/** Reads and writes the cache's settings. */
export function createSettingsStore(db: Database.Database) {
  const read = db.prepare<[string], { value: string }>('SELECT value FROM app_meta WHERE key = ?')
  const write = db.prepare<[string, string]>(
    'INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  )
  const clear = db.prepare<[string]>('DELETE FROM app_meta WHERE key = ?')
  return {
    /** The reviewer's name, or null when none is set. */
    reviewerName: (): string | null => read.get(reviewerNameKey)?.value ?? null,
    /** The audit period under review, or null (also when what is stored no longer parses). */
    auditPeriod(): AuditPeriod | null {
      const stored = read.get(auditPeriodKey)?.value
      if (stored === undefined) return null
      try {
        const parsed = auditPeriodSchema.safeParse(JSON.parse(stored))
        return parsed.success ? parsed.data : null
      } catch {
        return null
      }
    },
    /** Sets the audit period (checked again here: the first day not after the last) or clears it. */
    setAuditPeriod(period: AuditPeriod | null): void {
      if (period === null) {
        clear.run(auditPeriodKey)
        return
      }
      checkAuditPeriod(period)
      write.run(auditPeriodKey, JSON.stringify({ from: period.from, to: period.to }))
    },
    /** Sets the reviewer's name (trimmed, 1 to 128 visible characters) or clears it (null). */
    setReviewerName(name: string | null): void {
      if (name === null) {
        clear.run(reviewerNameKey)
        return
      }
      const trimmed = name.trim()
      if (!isVisibleText(trimmed) || Array.from(trimmed).length > maxReviewerNameLength) {
        throw new CoreError(
          'invalid_input',
          `The reviewer name must be 1 to ${maxReviewerNameLength} visible characters, without control characters.`,
        )
      }
      write.run(reviewerNameKey, trimmed)
    },
  }
}

/** The settings store's interface. */
export type SettingsStore = ReturnType<typeof createSettingsStore>

/**
 * Who is reviewing now, as stamps and the activity log name them: the cache's `reviewer_name`
 * setting, else the host's name (cleaned), else "unknown".
 */
export function currentReviewer(db: Database.Database, hostName: string | undefined): string {
  return createSettingsStore(db).reviewerName() ?? cleanReviewerName(hostName) ?? unknownReviewer
}
