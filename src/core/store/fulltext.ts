// The offline full-text index over audit events (actor, resource, user agent, failure reason,
// metadata). It is filled in batches after each sync rather than by triggers, so a bulk sync
// pays for it once; `fts_progress` remembers the last indexed row, so a crash only delays it.
import type Database from 'better-sqlite3'

const progressName = 'audit_events_fts'

/** Indexes the audit events a WHERE clause appended to it selects. */
const insertIndexed = `INSERT INTO audit_events_fts (rowid, actor, resource, user_agent, failure_reason, metadata)
     SELECT row_id, concat_ws(' ', actor_type, actor_id, actor_email, actor_name, actor_last4),
            concat_ws(' ', resource_type, resource_id, resource_name), user_agent, failure_reason,
            raw ->> '$.metadata'
     FROM audit_events`

/** Indexes audit events added since the last call; returns how many rows it indexed. */
export function indexPendingAuditEvents(db: Database.Database, batchSize = 50_000): number {
  const readProgress = db.prepare<[string], { last_row_id: number }>(
    'SELECT last_row_id FROM fts_progress WHERE name = ?',
  )
  const maxRow = db.prepare<[], { max: number | null }>(
    'SELECT max(row_id) AS max FROM audit_events',
  )
  const insert = db.prepare<{ after: number; upto: number }>(
    `${insertIndexed} WHERE row_id > @after AND row_id <= @upto`,
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

/**
 * Re-indexes one audit event whose content was replaced in place (a repair restoring the server's
 * copy). A row the batch indexer has not reached yet is left to it.
 */
export function createAuditReindexer(db: Database.Database): (rowId: number) => void {
  const isIndexed = db.prepare<{ name: string; row_id: number }, { hit: number }>(
    'SELECT 1 AS hit FROM fts_progress WHERE name = @name AND last_row_id >= @row_id',
  )
  const remove = db.prepare<[number]>('DELETE FROM audit_events_fts WHERE rowid = ?')
  const insert = db.prepare<[number]>(`${insertIndexed} WHERE row_id = ?`)
  return (rowId) => {
    if (isIndexed.get({ name: progressName, row_id: rowId }) === undefined) return
    remove.run(rowId)
    insert.run(rowId)
  }
}
