// Local retention: by default the cache keeps every event, long after the server's 90 days. A
// setting prunes events older than N days, except those inside a held period (an audit pack's
// period that the user marked as held), which are never pruned.
import type Database from 'better-sqlite3'
import { maxRetentionDays } from '../../shared/sync-status-schemas'
import { CoreError } from '../errors'

/** A period whose events local retention never prunes. Times are epoch ms, `to` exclusive. */
export type RetentionHold = {
  id: number
  from: number
  to: number
  reason: string
  createdAt: number
}

/** What one prune removed. */
export type PruneResult = { cutoff: number; auditEvents: number; requestLogs: number }

/** What a prune would remove at a cutoff, and how many older events holds would keep. */
export type PrunePreview = PruneResult & { heldEvents: number }

const settingKey = 'retention_days'
const dayMs = 86_400_000

/** The local retention setting and holds of one cache. */
export function createRetention(db: Database.Database) {
  const readSetting = db.prepare<[string], { value: string }>(
    'SELECT value FROM app_meta WHERE key = ?',
  )
  const writeSetting = db.prepare<[string, string]>(
    'INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  )
  const clearSetting = db.prepare<[string]>('DELETE FROM app_meta WHERE key = ?')
  const insertHold = db.prepare<[number, number, string, number]>(
    'INSERT INTO retention_holds (from_time, to_time, reason, created_at) VALUES (?, ?, ?, ?)',
  )
  const listHolds = db.prepare<
    [],
    { id: number; from_time: number; to_time: number; reason: string; created_at: number }
  >('SELECT * FROM retention_holds ORDER BY from_time')
  const notHeld =
    'NOT EXISTS (SELECT 1 FROM retention_holds AS h WHERE e.occurred_at >= h.from_time AND e.occurred_at < h.to_time)'
  const pruneFts = db.prepare<[number]>(
    `DELETE FROM audit_events_fts WHERE rowid IN (SELECT e.row_id FROM audit_events AS e WHERE e.occurred_at < ? AND ${notHeld})`,
  )
  const pruneAudit = db.prepare<[number]>(
    `DELETE FROM audit_events AS e WHERE e.occurred_at < ? AND ${notHeld}`,
  )
  // row_id is reused once the highest rows are deleted: pull the full-text progress mark back so
  // that new rows taking those ids are still indexed.
  const clampFtsProgress = db.prepare(
    "UPDATE fts_progress SET last_row_id = min(last_row_id, coalesce((SELECT max(row_id) FROM audit_events), 0)) WHERE name = 'audit_events_fts'",
  )
  // The detections' progress (detection_state, which also marks how far the key usage summary
  // got) is by row id too: pull it back likewise so that events taking reused ids are examined.
  // The chart rollups notice a reused id by the upstream id they keep (chart_rollup_state).
  const clampDetectionProgress = db.prepare(
    `UPDATE detection_state SET
       audit_row_id = min(audit_row_id, coalesce((SELECT max(row_id) FROM audit_events), 0)),
       request_row_id = min(request_row_id, coalesce((SELECT max(row_id) FROM request_logs), 0))`,
  )
  const pruneRequests = db.prepare<[number]>(
    `DELETE FROM request_logs AS e WHERE e.occurred_at < ? AND ${notHeld}`,
  )
  // Only occurred_at is read: the time index answers both counts without visiting event rows.
  const countOlder = (table: string) =>
    db.prepare<[number], { removed: number; held: number }>(
      `SELECT count(*) FILTER (WHERE ${notHeld}) AS removed,
              count(*) FILTER (WHERE NOT ${notHeld}) AS held
       FROM ${table} AS e WHERE e.occurred_at < ?`,
    )
  const countAudit = countOlder('audit_events')
  const countRequests = countOlder('request_logs')

  return {
    /** Days to keep, or null to keep everything (the default). */
    retentionDays(): number | null {
      const value = readSetting.get(settingKey)?.value
      return value === undefined ? null : Number(value)
    },
    /** Sets (a whole number of days, at least 1) or clears (null) the retention setting. */
    setRetentionDays(days: number | null): void {
      if (days === null) {
        clearSetting.run(settingKey)
        return
      }
      if (!Number.isSafeInteger(days) || days < 1 || days > maxRetentionDays) {
        throw new CoreError(
          'invalid_input',
          `Local retention must be a whole number of days, at least 1 and at most ${maxRetentionDays} (got ${days}).`,
        )
      }
      writeSetting.run(settingKey, String(days))
    },
    /** Holds a period so that retention never prunes its events. */
    hold(from: number, to: number, reason: string, now: number): number {
      if (!(to > from))
        throw new CoreError('invalid_input', 'A held period must end after it starts.')
      return Number(insertHold.run(from, to, reason, now).lastInsertRowid)
    },
    holds: (): RetentionHold[] =>
      listHolds.all().map((row) => ({
        id: row.id,
        from: row.from_time,
        to: row.to_time,
        reason: row.reason,
        createdAt: row.created_at,
      })),
    /** What keeping `days` days would remove at `now` (nothing is deleted). */
    preview(now: number, days: number): PrunePreview {
      const cutoff = now - days * dayMs
      return db
        .transaction(() => {
          const audit = countAudit.get(cutoff) ?? { removed: 0, held: 0 }
          const requests = countRequests.get(cutoff) ?? { removed: 0, held: 0 }
          return {
            cutoff,
            auditEvents: audit.removed,
            requestLogs: requests.removed,
            heldEvents: audit.held + requests.held,
          }
        })
        .deferred()
    },
    /** Deletes events older than the setting allows, outside every hold; a no-op when unset. */
    prune(now: number): PruneResult | null {
      const days = this.retentionDays()
      if (days === null) return null
      const cutoff = now - days * dayMs
      return db
        .transaction(() => {
          pruneFts.run(cutoff)
          const auditEvents = pruneAudit.run(cutoff).changes
          clampFtsProgress.run()
          const requestLogs = pruneRequests.run(cutoff).changes
          clampDetectionProgress.run()
          return { cutoff, auditEvents, requestLogs }
        })
        .immediate()
    },
  }
}
