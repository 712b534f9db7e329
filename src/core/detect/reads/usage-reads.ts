// The API usage summary (key_usage_hours: requests per key, hour and address, kept as request log
// rows arrive) and the SQL the usage rules read. Request logs can hold ten million rows: only
// new rows are ever scanned (by row id), and evidence is read through the (api_key_id,
// occurred_at) index for one key and hour at a time.
import type Database from 'better-sqlite3'
import type { EventSpan } from '../rule-types'

/** Requests of one key in one hour (`hour` = epoch ms / 3,600,000). */
export type KeyHour = { keyId: string; hour: number; requests: number }

/** The first use of an address by a key. */
export type KeyAddress = { keyId: string; ip: string; firstHour: number; firstAt: number }

/** Prepared reads and the summary's upkeep for one connection. */
export function createUsageReads(db: Database.Database, connectionId: string) {
  const hourly = db.prepare<{ connectionId: string; fromHour: number }, KeyHour>(
    `SELECT u.api_key_id AS keyId, u.hour, sum(u.requests) AS requests FROM key_usage_hours AS u
     WHERE u.connection_id = @connectionId AND u.hour >= @fromHour
     GROUP BY u.api_key_id, u.hour ORDER BY keyId, u.hour`,
  )
  const firstSeen = db.prepare<{ connectionId: string }, { keyId: string; firstAt: number }>(
    `SELECT u.api_key_id AS keyId, min(u.first_at) AS firstAt FROM key_usage_hours AS u
     WHERE u.connection_id = @connectionId GROUP BY u.api_key_id ORDER BY keyId`,
  )
  const newAddresses = db.prepare<{ connectionId: string; fromHour: number }, KeyAddress>(
    `SELECT u.api_key_id AS keyId, u.ip_address AS ip, min(u.hour) AS firstHour,
            min(u.first_at) AS firstAt
     FROM key_usage_hours AS u
     WHERE u.connection_id = @connectionId AND u.ip_address <> ''
     GROUP BY u.api_key_id, u.ip_address HAVING firstHour >= @fromHour
     ORDER BY keyId, firstHour, ip`,
  )
  const hourAddresses = db.prepare<
    { connectionId: string; keyId: string; hour: number },
    { ip: string; requests: number }
  >(
    `SELECT u.ip_address AS ip, u.requests FROM key_usage_hours AS u
     WHERE u.connection_id = @connectionId AND u.api_key_id = @keyId AND u.hour = @hour
     ORDER BY u.requests DESC, ip`,
  )
  const requestIds = db.prepare<
    { connectionId: string; keyId: string; from: number; to: number; limit: number },
    { id: string; occurredAt: number }
  >(
    `SELECT r.id, r.occurred_at AS occurredAt FROM request_logs AS r
     WHERE r.api_key_id = @keyId AND r.occurred_at >= @from AND r.occurred_at < @to
       AND r.connection_id = @connectionId
     ORDER BY r.occurred_at, r.row_id LIMIT @limit`,
  )
  const requestIdsFrom = db.prepare<
    { connectionId: string; keyId: string; ips: string; from: number; to: number; limit: number },
    { id: string; occurredAt: number }
  >(
    `SELECT r.id, r.occurred_at AS occurredAt FROM request_logs AS r
     WHERE r.api_key_id = @keyId AND r.occurred_at >= @from AND r.occurred_at < @to
       AND r.ip_address IN (SELECT value FROM json_each(@ips)) AND r.connection_id = @connectionId
     ORDER BY r.occurred_at, r.row_id LIMIT @limit`,
  )
  const spanOf = (selection: string) =>
    `SELECT count(*) AS count, min(r.occurred_at) AS first, max(r.occurred_at) AS last
     FROM request_logs AS r WHERE r.api_key_id = @keyId AND r.occurred_at >= @from
       AND r.occurred_at < @to ${selection} AND r.connection_id = @connectionId`
  const requestSpan = db.prepare<
    { connectionId: string; keyId: string; from: number; to: number },
    EventSpan
  >(spanOf(''))
  const requestSpanFrom = db.prepare<
    { connectionId: string; keyId: string; ips: string; from: number; to: number },
    EventSpan
  >(spanOf('AND r.ip_address IN (SELECT value FROM json_each(@ips))'))
  const addressesBefore = db.prepare<
    { connectionId: string; keyId: string; hour: number },
    { ip: string; requests: number }
  >(
    `SELECT u.ip_address AS ip, sum(u.requests) AS requests FROM key_usage_hours AS u
     WHERE u.connection_id = @connectionId AND u.api_key_id = @keyId AND u.hour < @hour
       AND u.ip_address <> ''
     GROUP BY u.ip_address ORDER BY requests DESC, ip`,
  )
  const keyLabel = db.prepare<
    { connectionId: string; keyId: string },
    { name: string | null; last4: string }
  >(
    `SELECT k.name, k.last4 FROM api_keys AS k
     WHERE k.connection_id = @connectionId AND k.key_id = @keyId
     ORDER BY k.name IS NULL, k.name LIMIT 1`,
  )
  const base = { connectionId }
  return {
    /** Requests per key and hour from `fromHour` on. */
    hourlyRequests: (fromHour: number) => hourly.all({ ...base, fromHour }),
    /** When each key was first used (epoch ms). */
    keysFirstSeen: () => new Map(firstSeen.all(base).map((row) => [row.keyId, row.firstAt])),
    /** Addresses each key used for the first time in `fromHour` or later. */
    newAddresses: (fromHour: number) => newAddresses.all({ ...base, fromHour }),
    /** A key's requests per address in one hour, most first. */
    hourAddresses: (keyId: string, hour: number) => hourAddresses.all({ ...base, keyId, hour }),
    /** A key's requests in [from, to), oldest first, at most `limit`. */
    requests: (keyId: string, from: number, to: number, limit: number) =>
      requestIds.all({ ...base, keyId, from, to, limit }),
    /** How many requests a key made in [from, to), and the first and last times. */
    requestSpan: (keyId: string, from: number, to: number): EventSpan =>
      requestSpan.get({ ...base, keyId, from, to }) ?? { count: 0, first: null, last: null },
    /** How many requests a key made from any of `ips` in [from, to), and when. */
    requestSpanFrom: (keyId: string, ips: readonly string[], from: number, to: number): EventSpan =>
      requestSpanFrom.get({ ...base, keyId, ips: JSON.stringify(ips), from, to }) ?? {
        count: 0,
        first: null,
        last: null,
      },
    /** The addresses a key used before `hour`, with their requests, most first. */
    addressesBefore: (keyId: string, hour: number) => addressesBefore.all({ ...base, keyId, hour }),
    /** A key's requests from any of `ips` in [from, to), at most `limit`. */
    requestsFrom: (
      keyId: string,
      ips: readonly string[],
      from: number,
      to: number,
      limit: number,
    ) => requestIdsFrom.all({ ...base, keyId, ips: JSON.stringify(ips), from, to, limit }),
    /** How people know a key: its name and last four characters. */
    keyLabel(keyId: string): string | null {
      const row = keyLabel.get({ ...base, keyId })
      if (row === undefined) return null
      return row.name === null ? `…${row.last4}` : `${row.name} (…${row.last4})`
    },
  }
}

/** The usage reads' interface. */
export type UsageReads = ReturnType<typeof createUsageReads>

/** Row ids per aggregation step: a sort of this many rows stays in memory caches (measured on
 * 2,000,000 rows: 1.3 s in steps of 10,000, 3.1 s as one GROUP BY). */
const summaryStep = 10_000

/**
 * Adds the request log rows in (afterRowId, uptoRowId] of a connection to key_usage_hours, in
 * steps of row ids; returns the earliest `occurred_at` among them (null: none with a key). The
 * caller runs it in the transaction that records `uptoRowId`.
 */
export function summariseRequests(
  db: Database.Database,
  connectionId: string,
  afterRowId: number,
  uptoRowId: number,
): number | null {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS new_key_usage (
    api_key_id TEXT NOT NULL, hour INTEGER NOT NULL, ip_address TEXT NOT NULL,
    requests INTEGER NOT NULL, first_at INTEGER NOT NULL)`)
  const clear = db.prepare('DELETE FROM temp.new_key_usage')
  const collect = db.prepare<{ connectionId: string; after: number; upto: number }>(
    `INSERT INTO temp.new_key_usage (api_key_id, hour, ip_address, requests, first_at)
     SELECT r.api_key_id, r.occurred_at / 3600000, coalesce(r.ip_address, ''), count(*),
            min(r.occurred_at)
     FROM request_logs AS r
     WHERE r.row_id > @after AND r.row_id <= @upto AND r.connection_id = @connectionId
       AND r.api_key_id IS NOT NULL
     GROUP BY r.api_key_id, r.occurred_at / 3600000, coalesce(r.ip_address, '')`,
  )
  const merge = db.prepare<{ connectionId: string }>(
    `INSERT INTO key_usage_hours (connection_id, api_key_id, hour, ip_address, requests, first_at)
     SELECT @connectionId, n.api_key_id, n.hour, n.ip_address, n.requests, n.first_at
     FROM temp.new_key_usage AS n WHERE true
     ON CONFLICT (connection_id, api_key_id, hour, ip_address) DO UPDATE SET
       requests = requests + excluded.requests, first_at = min(first_at, excluded.first_at)`,
  )
  const earliestOf = db.prepare<[], { at: number | null }>(
    'SELECT min(first_at) AS at FROM temp.new_key_usage',
  )
  let earliest: number | null = null
  for (let after = afterRowId; after < uptoRowId; after += summaryStep) {
    clear.run()
    collect.run({ connectionId, after, upto: Math.min(uptoRowId, after + summaryStep) })
    merge.run({ connectionId })
    const at = earliestOf.get()?.at ?? null
    if (at !== null) earliest = earliest === null ? at : Math.min(earliest, at)
  }
  clear.run()
  return earliest
}
