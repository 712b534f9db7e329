// SQL an audit pack reads from its snapshot (CONVENTIONS.md §3): the connection, the period's
// population per day (unfiltered), the stored day verifications, the server's signed digests and
// keys, the findings overlapping the period and the annotated events of the period. Table names
// come from a fixed map; values are named parameters.
import type Database from 'better-sqlite3'
import type { Stream } from '../../shared/filter'
import type { FindingRow } from '../detect/finding-store'
import { streamTable } from '../store/event-rows'

/** The connection a pack is made of. */
export type PackConnection = {
  id: string
  organizationId: string
  organizationName: string
  baseUrl: string
}

/** A stored verification of one day. */
export type StoredVerification = {
  day: string
  status: string
  localCount: number
  serverCount: number | null
  digestStatus: string
  checkedAt: number
}

/** A signed day digest of the server, as verification stored it. */
export type StoredDigest = {
  stream: Stream
  day: string
  count: number
  eventsSha256: string
  previousSignature: string
  keyId: string
  signature: string
  fetchedAt: number
}

type Period = { connection_id: string; from_ms: number; to_ms: number }
type DayPeriod = { connection_id: string; stream: string; from_day: string; to_day: string }

/** Prepared reads of a pack over a (snapshot) connection. */
export function createPackStore(db: Database.Database) {
  const connection = db.prepare<{ id: string }, PackConnection>(
    `SELECT id, organization_id AS organizationId, organization_name AS organizationName,
       base_url AS baseUrl FROM connections WHERE id = @id`,
  )
  const population = (stream: Stream) =>
    db.prepare<Period, { day: number; n: number }>(
      `SELECT occurred_at / 86400000 AS day, count(*) AS n FROM ${streamTable(stream)}
       WHERE connection_id = @connection_id AND occurred_at >= @from_ms AND occurred_at < @to_ms
       GROUP BY occurred_at / 86400000`,
    )
  const populations = {
    'audit-events': population('audit-events'),
    'request-logs': population('request-logs'),
  }
  const verifications = db.prepare<DayPeriod, StoredVerification>(
    `SELECT day, status, local_count AS localCount, server_count AS serverCount,
       digest_status AS digestStatus, checked_at AS checkedAt FROM day_verifications
     WHERE connection_id = @connection_id AND stream = @stream AND day BETWEEN @from_day AND @to_day
     ORDER BY day`,
  )
  const digests = db.prepare<DayPeriod, StoredDigest>(
    `SELECT stream, day, count, events_sha256 AS eventsSha256,
       previous_signature AS previousSignature, key_id AS keyId, signature, fetched_at AS fetchedAt
     FROM server_day_digests
     WHERE connection_id = @connection_id AND stream = @stream AND day BETWEEN @from_day AND @to_day
     ORDER BY day`,
  )
  const keys = db.prepare<{ connection_id: string }, { keyId: string; publicKeyPem: string }>(
    `SELECT key_id AS keyId, public_key_pem AS publicKeyPem FROM server_signing_keys
     WHERE connection_id = @connection_id ORDER BY key_id`,
  )
  const findings = db.prepare<Period, FindingRow>(
    `SELECT * FROM findings WHERE connection_id = @connection_id
       AND window_end >= @from_ms AND window_start < @to_ms ORDER BY window_start, id`,
  )
  const annotated = (stream: Stream) =>
    db.prepare<Period & { stream: string }, { id: string }>(
      `SELECT e.id FROM ${streamTable(stream)} AS e
       WHERE e.connection_id = @connection_id AND e.occurred_at >= @from_ms
         AND e.occurred_at < @to_ms
         AND (EXISTS (SELECT 1 FROM event_tags AS t WHERE t.connection_id = e.connection_id
                AND t.stream = @stream AND t.event_id = e.id)
           OR EXISTS (SELECT 1 FROM event_stars AS s WHERE s.connection_id = e.connection_id
                AND s.stream = @stream AND s.event_id = e.id)
           OR EXISTS (SELECT 1 FROM event_comments AS c WHERE c.connection_id = e.connection_id
                AND c.stream = @stream AND c.event_id = e.id))`,
    )
  const annotatedIds = {
    'audit-events': annotated('audit-events'),
    'request-logs': annotated('request-logs'),
  }
  const period = (connectionId: string, fromMs: number, toMs: number): Period => ({
    connection_id: connectionId,
    from_ms: fromMs,
    to_ms: toMs,
  })
  const days = (connectionId: string, stream: Stream, fromDay: string, toDay: string) => ({
    connection_id: connectionId,
    stream,
    from_day: fromDay,
    to_day: toDay,
  })
  return {
    /** The connection, or undefined for an unknown id. */
    connection: (id: string): PackConnection | undefined => connection.get({ id }),
    /** Cached events per UTC day number in [fromMs, toMs), unfiltered. */
    population: (connectionId: string, stream: Stream, fromMs: number, toMs: number) =>
      new Map(
        populations[stream]
          .all(period(connectionId, fromMs, toMs))
          .map((row) => [row.day, row.n] as const),
      ),
    /** Stored verifications of the days from `fromDay` to `toDay` (YYYY-MM-DD, inclusive). */
    verifications: (connectionId: string, stream: Stream, fromDay: string, toDay: string) =>
      verifications.all(days(connectionId, stream, fromDay, toDay)),
    /** Stored signed digests of the days from `fromDay` to `toDay` (inclusive). */
    digests: (connectionId: string, stream: Stream, fromDay: string, toDay: string) =>
      digests.all(days(connectionId, stream, fromDay, toDay)),
    /** The server's signing keys as last fetched. */
    keys: (connectionId: string) => keys.all({ connection_id: connectionId }),
    /** Findings whose window overlaps [fromMs, toMs). */
    findings: (connectionId: string, fromMs: number, toMs: number) =>
      findings.all(period(connectionId, fromMs, toMs)),
    /** Ids of the events in [fromMs, toMs) that carry a tag, a star or a comment. */
    annotatedIds: (connectionId: string, stream: Stream, fromMs: number, toMs: number) =>
      new Set(
        annotatedIds[stream]
          .all({ ...period(connectionId, fromMs, toMs), stream })
          .map((row) => row.id),
      ),
  }
}

/** The pack store's interface. */
export type PackStore = ReturnType<typeof createPackStore>
