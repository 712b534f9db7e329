// SQL of the detections' progress per connection (detection_state): the last audit and request
// row ids examined, the earliest event time still to evaluate per stream (null: none), the
// settings they ran with, and the last run. Kept in the cache so a crash never skips events.
import type Database from 'better-sqlite3'

/** A connection's detection progress. */
export type DetectionState = {
  auditRowId: number
  requestRowId: number
  auditPendingFrom: number | null
  requestPendingFrom: number | null
  fingerprint: string
  lastRunAt: number | null
  lastRunMs: number | null
}

type Row = {
  audit_row_id: number
  request_row_id: number
  audit_pending_from: number | null
  request_pending_from: number | null
  fingerprint: string
  last_run_at: number | null
  last_run_ms: number | null
}

/** Reads and writes detection progress, and the row ids and times of new events. */
export function createStateStore(db: Database.Database) {
  const read = db.prepare<[string], Row>('SELECT * FROM detection_state WHERE connection_id = ?')
  const write = db.prepare<DetectionState & { connectionId: string }>(
    `INSERT INTO detection_state (connection_id, audit_row_id, request_row_id, audit_pending_from,
       request_pending_from, fingerprint, last_run_at, last_run_ms)
     VALUES (@connectionId, @auditRowId, @requestRowId, @auditPendingFrom, @requestPendingFrom,
       @fingerprint, @lastRunAt, @lastRunMs)
     ON CONFLICT (connection_id) DO UPDATE SET audit_row_id = excluded.audit_row_id,
       request_row_id = excluded.request_row_id, audit_pending_from = excluded.audit_pending_from,
       request_pending_from = excluded.request_pending_from, fingerprint = excluded.fingerprint,
       last_run_at = excluded.last_run_at, last_run_ms = excluded.last_run_ms`,
  )
  const newest = {
    audit: db.prepare<[], { max: number | null }>('SELECT max(row_id) AS max FROM audit_events'),
    requests: db.prepare<[], { max: number | null }>('SELECT max(row_id) AS max FROM request_logs'),
  }
  const earliestAudit = db.prepare<
    { connectionId: string; after: number; upto: number },
    { at: number | null }
  >(
    `SELECT min(e.occurred_at) AS at FROM audit_events AS e
     WHERE e.row_id > @after AND e.row_id <= @upto AND e.connection_id = @connectionId`,
  )
  return {
    /** The connection's progress, or null before its first run. */
    get(connectionId: string): DetectionState | null {
      const row = read.get(connectionId)
      if (row === undefined) return null
      return {
        auditRowId: row.audit_row_id,
        requestRowId: row.request_row_id,
        auditPendingFrom: row.audit_pending_from,
        requestPendingFrom: row.request_pending_from,
        fingerprint: row.fingerprint,
        lastRunAt: row.last_run_at,
        lastRunMs: row.last_run_ms,
      }
    },
    /** Records the connection's progress. */
    set: (connectionId: string, state: DetectionState) => write.run({ connectionId, ...state }),
    /** The newest row ids of both streams (0 when empty). */
    newestRowIds: () => ({
      audit: newest.audit.get()?.max ?? 0,
      requests: newest.requests.get()?.max ?? 0,
    }),
    /** The earliest occurred_at of the connection's audit rows in (after, upto], or null. */
    earliestAudit: (connectionId: string, after: number, upto: number) =>
      earliestAudit.get({ connectionId, after, upto })?.at ?? null,
  }
}
