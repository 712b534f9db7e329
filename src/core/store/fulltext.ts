// The offline full-text index over audit events (actor, resource, user agent, failure reason,
// metadata). It is filled in batches after each sync rather than by triggers, so a bulk sync
// pays for it once; `fts_progress` remembers the last indexed row, so a crash only delays it.
import type Database from 'better-sqlite3'

const progressName = 'audit_events_fts'

/** Indexes audit events added since the last call; returns how many rows it indexed. */
export function indexPendingAuditEvents(db: Database.Database, batchSize = 50_000): number {
  const readProgress = db.prepare<[string], { last_row_id: number }>(
    'SELECT last_row_id FROM fts_progress WHERE name = ?',
  )
  const maxRow = db.prepare<[], { max: number | null }>(
    'SELECT max(row_id) AS max FROM audit_events',
  )
  const insert = db.prepare<{ after: number; upto: number }>(
    `INSERT INTO audit_events_fts (rowid, actor, resource, user_agent, failure_reason, metadata)
     SELECT row_id, concat_ws(' ', actor_type, actor_id, actor_email, actor_name, actor_last4),
            concat_ws(' ', resource_type, resource_id, resource_name), user_agent, failure_reason,
            raw ->> '$.metadata'
     FROM audit_events WHERE row_id > @after AND row_id <= @upto`,
  )
  const save = db.prepare<{ name: string; last: number }>(
    'INSERT INTO fts_progress (name, last_row_id) VALUES (@name, @last) ON CONFLICT (name) DO UPDATE SET last_row_id = excluded.last_row_id',
  )
  const target = maxRow.get()?.max ?? 0
  let last = readProgress.get(progressName)?.last_row_id ?? 0
  let indexed = 0
  while (last < target) {
    const upto = Math.min(target, last + batchSize)
    const after = last
    indexed += db
      .transaction(() => {
        const changes = insert.run({ after, upto }).changes
        save.run({ name: progressName, last: upto })
        return changes
      })
      .immediate()
    last = upto
  }
  return indexed
}
