// SQL of the verification (CONVENTIONS.md §3): the cache's ids and raw JSON per UTC day of
// `occurred_at`, and the day_verifications rows. Table names come from a fixed map, values are
// always named parameters. The day expression `occurred_at / 86400000` is written exactly as the
// proposed index (connection_id, occurred_at / 86400000, id) needs it to be usable.
import type Database from 'better-sqlite3'
import type { KeyObject } from 'node:crypto'
import type { StreamName } from '../sync/page-parser'
import { dayText } from './days'
import type { ServerDigest } from './server-answers'
import type { DayVerification } from './verify-types'

/** One stored verification of a day, as day_verifications holds it. */
export type DayVerificationRow = DayVerification & {
  connectionId: string
  stream: StreamName
  checkedAt: number
}

/** The server's signed digests and keys one verification fetched, kept for audit packs. */
export type FetchedSignatures = {
  connectionId: string
  stream: StreamName
  fetchedAt: number
  digests: readonly ServerDigest[]
  keys: ReadonlyMap<string, KeyObject>
}

type RangeParams = { connection_id: string; from_day: number; to_day: number }
type EventRangeParams = { connection_id: string; from_ms: number; to_ms: number }

const tables: Readonly<Record<StreamName, string>> = {
  'audit-events': 'audit_events',
  'request-logs': 'request_logs',
}

function prepareStream(db: Database.Database, table: string) {
  return {
    oldestDay: db.prepare<{ connection_id: string }, { day: number }>(
      `SELECT occurred_at / 86400000 AS day FROM ${table}
       WHERE connection_id = @connection_id ORDER BY occurred_at / 86400000 LIMIT 1`,
    ),
    // BINARY collation on a UTF-8 database orders by UTF-8 bytes: what ids_sha256 needs.
    dayIds: db.prepare<RangeParams, { day: number; id: string }>(
      `SELECT occurred_at / 86400000 AS day, id FROM ${table}
       WHERE connection_id = @connection_id
         AND occurred_at / 86400000 BETWEEN @from_day AND @to_day
       ORDER BY occurred_at / 86400000, id`,
    ),
    // Seq order through the (connection_id, seq) index: no sort of the raw text.
    eventsBySeq: db.prepare<EventRangeParams, { occurred_at: number; raw: string }>(
      `SELECT occurred_at, raw FROM ${table}
       WHERE connection_id = @connection_id AND occurred_at >= @from_ms AND occurred_at < @to_ms
       ORDER BY seq`,
    ),
  }
}

function prepareVerifications(db: Database.Database) {
  return {
    findConnection: db.prepare<{ id: string }, { id: string; base_url: string }>(
      'SELECT id, base_url FROM connections WHERE id = @id',
    ),
    upsert: db.prepare<Record<string, string | number | null>>(
      `INSERT INTO day_verifications (connection_id, stream, day, status, local_count, server_count,
         local_ids_sha256, server_ids_sha256, digest_status, digest_detail, checked_at)
       VALUES (@connection_id, @stream, @day, @status, @local_count, @server_count,
         @local_ids_sha256, @server_ids_sha256, @digest_status, @digest_detail, @checked_at)
       ON CONFLICT (connection_id, stream, day) DO UPDATE SET
         status = excluded.status, local_count = excluded.local_count,
         server_count = excluded.server_count, local_ids_sha256 = excluded.local_ids_sha256,
         server_ids_sha256 = excluded.server_ids_sha256, digest_status = excluded.digest_status,
         digest_detail = excluded.digest_detail, checked_at = excluded.checked_at`,
    ),
    readDay: db.prepare<
      { connection_id: string; stream: string; day: string },
      { status: DayVerificationRow['status'] }
    >(
      `SELECT status FROM day_verifications
       WHERE connection_id = @connection_id AND stream = @stream AND day = @day`,
    ),
    upsertDigest: db.prepare<Record<string, string | number>>(
      `INSERT INTO server_day_digests (connection_id, stream, day, count, events_sha256,
         previous_signature, key_id, signature, fetched_at)
       VALUES (@connection_id, @stream, @day, @count, @events_sha256, @previous_signature,
         @key_id, @signature, @fetched_at)
       ON CONFLICT (connection_id, stream, day) DO UPDATE SET
         count = excluded.count, events_sha256 = excluded.events_sha256,
         previous_signature = excluded.previous_signature, key_id = excluded.key_id,
         signature = excluded.signature, fetched_at = excluded.fetched_at`,
    ),
    upsertKey: db.prepare<Record<string, string | number>>(
      `INSERT INTO server_signing_keys (connection_id, key_id, public_key_pem, fetched_at)
       VALUES (@connection_id, @key_id, @public_key_pem, @fetched_at)
       ON CONFLICT (connection_id, key_id) DO UPDATE SET
         public_key_pem = excluded.public_key_pem, fetched_at = excluded.fetched_at`,
    ),
  }
}

function saveSignatures(
  statements: ReturnType<typeof prepareVerifications>,
  signatures: FetchedSignatures,
): void {
  const { connectionId, stream, fetchedAt } = signatures
  for (const digest of signatures.digests) {
    statements.upsertDigest.run({
      connection_id: connectionId,
      stream,
      day: dayText(digest.day),
      count: digest.count,
      events_sha256: digest.eventsSha256,
      previous_signature: digest.previousSignature,
      key_id: digest.keyId,
      signature: digest.signature,
      fetched_at: fetchedAt,
    })
  }
  for (const [keyId, key] of signatures.keys) {
    statements.upsertKey.run({
      connection_id: connectionId,
      key_id: keyId,
      public_key_pem: key.export({ type: 'spki', format: 'pem' }).toString(),
      fetched_at: fetchedAt,
    })
  }
}

/** Prepared statements of the verification over one database. */
export function createVerifyStore(db: Database.Database) {
  const streams = {
    'audit-events': prepareStream(db, tables['audit-events']),
    'request-logs': prepareStream(db, tables['request-logs']),
  }
  const statements = prepareVerifications(db)
  const { findConnection, upsert, readDay } = statements
  const saveAll = db.transaction(
    (rows: readonly DayVerificationRow[], signatures: FetchedSignatures | null) => {
      for (const row of rows) upsert.run(toParams(row))
      if (signatures !== null) saveSignatures(statements, signatures)
    },
  )
  return {
    /** The connection's stored base URL, or undefined for an unknown id. */
    connectionBaseUrl: (id: string): string | undefined => findConnection.get({ id })?.base_url,
    /** The UTC day of the oldest cached `occurred_at`, or undefined for an empty stream. */
    oldestDay: (connectionId: string, stream: StreamName): number | undefined =>
      streams[stream].oldestDay.get({ connection_id: connectionId })?.day,
    /** Every (day, id) in the range, ordered by day, then id in UTF-8 byte order; streamed. */
    dayIds: (connectionId: string, stream: StreamName, fromDay: number, toDay: number) =>
      streams[stream].dayIds.iterate({
        connection_id: connectionId,
        from_day: fromDay,
        to_day: toDay,
      }),
    /** Every event occurring in [fromMs, toMs), in seq order; streamed. */
    eventsBySeq: (connectionId: string, stream: StreamName, fromMs: number, toMs: number) =>
      streams[stream].eventsBySeq.iterate({
        connection_id: connectionId,
        from_ms: fromMs,
        to_ms: toMs,
      }),
    /** Upserts the rows, and the server's signed digests and keys if any, in one transaction. */
    saveDays: (
      rows: readonly DayVerificationRow[],
      signatures: FetchedSignatures | null = null,
    ): void => {
      saveAll.immediate(rows, signatures)
    },
    /** The stored status of one day, or undefined if it was never checked. */
    dayStatus: (connectionId: string, stream: StreamName, day: string) =>
      readDay.get({ connection_id: connectionId, stream, day })?.status,
    /** Runs `read` in one read transaction, so all its queries see the same snapshot. */
    snapshot: <T>(read: () => T): T => db.transaction(read).deferred(),
  }
}

/** The verification store's interface. */
export type VerifyStore = ReturnType<typeof createVerifyStore>

function toParams(row: DayVerificationRow): Record<string, string | number | null> {
  return {
    connection_id: row.connectionId,
    stream: row.stream,
    day: row.day,
    status: row.status,
    local_count: row.localCount,
    server_count: row.serverCount,
    local_ids_sha256: row.localIdsSha256,
    server_ids_sha256: row.serverIdsSha256,
    digest_status: row.digestStatus,
    digest_detail: row.digestDetail,
    checked_at: row.checkedAt,
  }
}
