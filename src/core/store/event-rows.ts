// Maps parsed events to the typed columns of audit_events and request_logs, and holds the insert
// and lookup statements of both streams (prepared once per database).
import type Database from 'better-sqlite3'
import type { AuditEvent, RequestLogEntry } from '../sync/event-schemas'
import type { StreamName } from '../sync/page-parser'

/** The stored row of an event that a re-delivery is compared with. */
export type StoredEvent = { id: string; raw: string }

/** Insert and lookup of one stream's events. */
export interface StreamTable {
  /** Inserts the event unless its id is already stored; false when it was. */
  insert(connectionId: string, event: AuditEvent | RequestLogEntry, raw: string): boolean
  findBySeq(connectionId: string, seq: number): StoredEvent | undefined
  findById(connectionId: string, id: string): StoredEvent | undefined
  /**
   * Overwrites the stored event of the same connection, seq and id with this content (a repair
   * restoring the server's copy); the row keeps its row_id. Returns that row_id, or undefined
   * when no such row is stored.
   */
  replace(
    connectionId: string,
    event: AuditEvent | RequestLogEntry,
    raw: string,
  ): number | undefined
}

const auditColumns = [
  'connection_id',
  'seq',
  'id',
  'occurred_at',
  'recorded_at',
  'action',
  'category',
  'actor_type',
  'actor_id',
  'actor_email',
  'actor_name',
  'actor_last4',
  'resource_type',
  'resource_id',
  'resource_name',
  'ip_address',
  'user_agent',
  'status',
  'failure_reason',
  'raw',
] as const

const requestColumns = [
  'connection_id',
  'seq',
  'id',
  'occurred_at',
  'recorded_at',
  'method',
  'endpoint',
  'status_code',
  'duration_ms',
  'api_key_id',
  'api_key_last4',
  'api_key_name',
  'ip_address',
  'user_agent',
  'error_code',
  'raw',
] as const

// Positional parameters: the hot path of a bulk sync binds millions of rows, and an array per row
// allocates far less than an object with twenty named keys.
const insertSql = (table: string, columns: readonly string[]) =>
  `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
   ON CONFLICT (connection_id, id) DO NOTHING`

// The key columns (connection_id, seq, id) lead every row array: an update sets the others and
// matches on the key, so its parameters are the row's tail followed by its head.
const replaceSql = (table: string, columns: readonly string[]) =>
  `UPDATE ${table} SET ${columns
    .slice(3)
    .map((column) => `${column} = ?`)
    .join(', ')}
   WHERE connection_id = ? AND seq = ? AND id = ? RETURNING row_id`

const replaceParams = (row: unknown[]): unknown[] => [...row.slice(3), ...row.slice(0, 3)]

function auditRow(connectionId: string, event: AuditEvent, raw: string): unknown[] {
  return [
    connectionId, // connection_id
    event.seq, // seq
    event.id, // id
    event.occurred_at, // occurred_at
    event.recorded_at, // recorded_at
    event.action, // action
    event.category, // category
    event.actor.type, // actor_type
    event.actor.id, // actor_id
    event.actor.email ?? null, // actor_email
    event.actor.name ?? null, // actor_name
    event.actor.last4 ?? null, // actor_last4
    event.resource?.type ?? null, // resource_type
    event.resource?.id ?? null, // resource_id
    event.resource?.name ?? null, // resource_name
    event.ip_address ?? null, // ip_address
    event.user_agent ?? null, // user_agent
    event.status, // status
    event.failure_reason ?? null, // failure_reason
    raw, // raw
  ]
}

function requestRow(connectionId: string, entry: RequestLogEntry, raw: string): unknown[] {
  return [
    connectionId, // connection_id
    entry.seq, // seq
    entry.id, // id
    entry.occurred_at, // occurred_at
    entry.recorded_at, // recorded_at
    entry.method, // method
    entry.endpoint, // endpoint
    entry.status_code, // status_code
    entry.duration_ms, // duration_ms
    entry.api_key?.id ?? null, // api_key_id
    entry.api_key?.last4 ?? null, // api_key_last4
    entry.api_key?.name ?? null, // api_key_name
    entry.ip_address ?? null, // ip_address
    entry.user_agent ?? null, // user_agent
    entry.error_code ?? null, // error_code
    raw, // raw
  ]
}

/** The table name of a stream. */
export const streamTable = (stream: StreamName): 'audit_events' | 'request_logs' =>
  stream === 'audit-events' ? 'audit_events' : 'request_logs'

/** Prepares the statements of one stream's table. */
export function prepareStreamTable(db: Database.Database, stream: StreamName): StreamTable {
  const table = streamTable(stream)
  const find = db.prepare<[string, number], StoredEvent>(
    `SELECT id, raw FROM ${table} WHERE connection_id = ? AND seq = ?`,
  )
  const findId = db.prepare<[string, string], StoredEvent>(
    `SELECT id, raw FROM ${table} WHERE connection_id = ? AND id = ? LIMIT 1`,
  )
  if (stream === 'audit-events') {
    const insert = db.prepare(insertSql(table, auditColumns))
    const replace = db.prepare<unknown[], { row_id: number }>(replaceSql(table, auditColumns))
    return {
      // The engine passes events parsed by this stream's schema.
      insert: (connectionId, event, raw) =>
        insert.run(auditRow(connectionId, event as AuditEvent, raw)).changes === 1,
      findBySeq: (connectionId, seq) => find.get(connectionId, seq),
      findById: (connectionId, id) => findId.get(connectionId, id),
      replace: (connectionId, event, raw) =>
        replace.get(replaceParams(auditRow(connectionId, event as AuditEvent, raw)))?.row_id,
    }
  }
  const insert = db.prepare(insertSql(table, requestColumns))
  const replace = db.prepare<unknown[], { row_id: number }>(replaceSql(table, requestColumns))
  return {
    // The engine passes events parsed by this stream's schema.
    insert: (connectionId, event, raw) =>
      insert.run(requestRow(connectionId, event as RequestLogEntry, raw)).changes === 1,
    findBySeq: (connectionId, seq) => find.get(connectionId, seq),
    findById: (connectionId, id) => findId.get(connectionId, id),
    replace: (connectionId, event, raw) =>
      replace.get(replaceParams(requestRow(connectionId, event as RequestLogEntry, raw)))?.row_id,
  }
}
