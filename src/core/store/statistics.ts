import type Database from 'better-sqlite3'

/**
 * Keeps the query planner's statistics true to the cache. After a sync that grew the cache by a
 * tenth or more (`added` new rows), a full ANALYZE (about 1.2 s per million rows): measured,
 * sampled statistics made SQLite sort every `template.*` match (138 ms) instead of walking the
 * time index (1 ms). Otherwise the cheap PRAGMA optimize.
 */
export function refreshPlannerStatistics(db: Database.Database, added: number): void {
  const rows =
    db
      .prepare<[], { n: number | null }>(
        'SELECT coalesce((SELECT max(row_id) FROM audit_events), 0) + coalesce((SELECT max(row_id) FROM request_logs), 0) AS n',
      )
      .get()?.n ?? 0
  if (added >= 1000 && added * 10 >= rows) db.exec('ANALYZE')
  else db.pragma('optimize')
}
