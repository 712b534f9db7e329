import type Database from 'better-sqlite3'

/** New rows a sync stored in one stream's table. */
export type TableGrowth = { table: 'audit_events' | 'request_logs'; added: number }

/**
 * Keeps the query planner's statistics true to the cache. A table that a sync grew by a tenth or
 * more gets a full ANALYZE of its own (about 1.1 s per million rows): measured, sampled
 * statistics made SQLite sort every `template.*` match (138 ms) instead of walking the time index
 * (1 ms). Only that table is analysed, not the whole file (10 million request log entries would
 * cost seconds after a small audit sync). Otherwise the cheap PRAGMA optimize.
 */
export function refreshPlannerStatistics(
  db: Database.Database,
  growth: readonly TableGrowth[],
): void {
  let analysed = false
  for (const { table, added } of growth) {
    const rows =
      db.prepare<[], { n: number | null }>(`SELECT max(row_id) AS n FROM ${table}`).get()?.n ?? 0
    if (added >= 1000 && added * 10 >= rows) {
      db.exec(`ANALYZE ${table}`)
      analysed = true
    }
  }
  if (analysed) db.exec('ANALYZE actors; ANALYZE api_keys')
  else db.pragma('optimize')
}
