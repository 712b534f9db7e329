// SQL the sign-in rules read (failed-login spikes, password spraying, new countries, impossible
// travel): sliding-window counts and aggregates over the (action, status, occurred_at),
// (actor_id, action, occurred_at) and (ip_address, occurred_at) indexes, so a run reads groups
// and the few events it reports, never every sign-in into memory. Values are always bound; times are epoch ms.
import type Database from 'better-sqlite3'
import type { DenseEnd } from '../sliding'

/** A failed sign-in as evidence. */
export type FailureEvent = {
  id: string
  occurredAt: number
  actorId: string
  actorLabel: string | null
  ip: string | null
  reason: string | null
}

/** A key's failed sign-ins in one window as SQL counts them: failures, distinct accounts, the
 * most failures of one account, and the first and last times. */
export type FailureSpan = {
  failures: number
  accounts: number
  mostPerAccount: number
  first: number | null
  last: number | null
}

/** Successful sign-ins of one actor from one address on one UTC day, with its country. */
export type SignInGroup = {
  actorId: string
  ip: string
  day: number
  signIns: number
  firstAt: number
  country: string | null
}

/** One successful sign-in with its address's country. */
export type SignIn = { id: string; occurredAt: number; ip: string | null; country: string | null }

const failures = `e.action = 'user.signed_in' AND e.status = 'failure' AND e.connection_id = @connectionId`
const successes = `e.action = 'user.signed_in' AND e.status = 'success' AND e.connection_id = @connectionId`

/** Prepared reads of sign-ins for one connection. */
export function createSignInReads(db: Database.Database, connectionId: string) {
  const baselineBy = (column: 'actor_id' | 'ip_address') =>
    db.prepare<
      { connectionId: string; key: string; from: number; to: number; windowMs: number },
      { bucket: number; failures: number }
    >(
      `SELECT e.occurred_at / CAST(@windowMs AS INTEGER) AS bucket, count(*) AS failures
       FROM audit_events AS e
       WHERE e.${column} = @key AND ${failures} AND e.occurred_at >= @from AND e.occurred_at < @to
       GROUP BY bucket ORDER BY bucket`,
    )
  const eventsBy = (column: 'actor_id' | 'ip_address') =>
    db.prepare<
      { connectionId: string; key: string; from: number; to: number; limit: number },
      FailureEvent
    >(
      `SELECT e.id, e.occurred_at AS occurredAt, e.actor_id AS actorId,
              coalesce(e.actor_email, e.actor_name) AS actorLabel, e.ip_address AS ip,
              e.failure_reason AS reason
       FROM audit_events AS e
       WHERE e.${column} = @key AND ${failures} AND e.occurred_at >= @from AND e.occurred_at < @to
       ORDER BY e.occurred_at, e.row_id LIMIT @limit`,
    )
  // Each failure with the failures of its key in the window of @windowMs ending at it (its peers
  // at the same instant included), where they reach @minimum.
  const endsBy = (column: 'actor_id' | 'ip_address') =>
    db.prepare<{ connectionId: string; from: number; reach: number; minimum: number }, DenseEnd>(
      `SELECT key, occurredAt, inWindow FROM (
         SELECT e.${column} AS key, e.occurred_at AS occurredAt,
                count(*) OVER (PARTITION BY e.${column} ORDER BY e.occurred_at
                               RANGE BETWEEN @reach PRECEDING AND CURRENT ROW) AS inWindow
         FROM audit_events AS e
         WHERE ${failures} AND e.occurred_at >= @from AND e.${column} IS NOT NULL)
       WHERE inWindow >= @minimum ORDER BY key, occurredAt`,
    )
  const spanBy = (column: 'actor_id' | 'ip_address') =>
    db.prepare<{ connectionId: string; key: string; from: number; to: number }, FailureSpan>(
      `SELECT coalesce(sum(g.failures), 0) AS failures, count(g.actorId) AS accounts,
              coalesce(max(g.failures), 0) AS mostPerAccount, min(g.first) AS first,
              max(g.last) AS last
       FROM (SELECT e.actor_id AS actorId, count(*) AS failures, min(e.occurred_at) AS first,
                    max(e.occurred_at) AS last
             FROM audit_events AS e
             WHERE e.${column} = @key AND ${failures} AND e.occurred_at >= @from
               AND e.occurred_at < @to
             GROUP BY e.actor_id) AS g`,
    )
  const statements = {
    actor: {
      baseline: baselineBy('actor_id'),
      events: eventsBy('actor_id'),
      span: spanBy('actor_id'),
      ends: endsBy('actor_id'),
    },
    ip: {
      baseline: baselineBy('ip_address'),
      events: eventsBy('ip_address'),
      span: spanBy('ip_address'),
      ends: endsBy('ip_address'),
    },
  }
  const sprayAddresses = db
    .prepare<{ connectionId: string; from: number; minimum: number }, string>(
      `SELECT e.ip_address FROM audit_events AS e
       WHERE ${failures} AND e.occurred_at >= @from AND e.ip_address IS NOT NULL
       GROUP BY e.ip_address HAVING count(DISTINCT e.actor_id) >= @minimum ORDER BY e.ip_address`,
    )
    .pluck()
  const addressFailures = db.prepare<
    { connectionId: string; ip: string; from: number },
    { occurredAt: number; actorId: string }
  >(
    `SELECT e.occurred_at AS occurredAt, e.actor_id AS actorId FROM audit_events AS e
     WHERE e.ip_address = @ip AND ${failures} AND e.occurred_at >= @from
     ORDER BY e.occurred_at, e.row_id`,
  )
  // Groups per (actor, address, day): what a trailing baseline of countries needs, for the actors
  // who signed in at or after @active (all actors of the range when it equals @from).
  const groups = db.prepare<{ connectionId: string; from: number; active: number }, SignInGroup>(
    `SELECT g.actorId, g.ip, g.day, g.signIns, g.firstAt, c.country
     FROM (SELECT e.actor_id AS actorId, e.ip_address AS ip, e.occurred_at / 86400000 AS day,
                  count(*) AS signIns, min(e.occurred_at) AS firstAt
           FROM audit_events AS e
           WHERE ${successes} AND e.occurred_at >= @from AND e.ip_address IS NOT NULL
             AND e.actor_id IN (SELECT a.actor_id FROM audit_events AS a
                                WHERE a.action = 'user.signed_in' AND a.status = 'success'
                                  AND a.occurred_at >= @active AND a.connection_id = @connectionId)
           GROUP BY e.actor_id, e.ip_address, day) AS g
     LEFT JOIN ip_countries AS c ON c.ip = g.ip
     ORDER BY g.actorId, g.day, g.firstAt, g.ip`,
  )
  const groupsAll = db.prepare<{ connectionId: string; from: number }, SignInGroup>(
    `SELECT g.actorId, g.ip, g.day, g.signIns, g.firstAt, c.country
     FROM (SELECT e.actor_id AS actorId, e.ip_address AS ip, e.occurred_at / 86400000 AS day,
                  count(*) AS signIns, min(e.occurred_at) AS firstAt
           FROM audit_events AS e
           WHERE ${successes} AND e.occurred_at >= @from AND e.ip_address IS NOT NULL
           GROUP BY e.actor_id, e.ip_address, day) AS g
     LEFT JOIN ip_countries AS c ON c.ip = g.ip
     ORDER BY g.actorId, g.day, g.firstAt, g.ip`,
  )
  const earliestSignIn = db.prepare<{ connectionId: string }, { at: number | null }>(
    `SELECT min(e.occurred_at) AS at FROM audit_events AS e WHERE ${successes}`,
  )
  const signIns = db.prepare<
    { connectionId: string; actorId: string; from: number; to: number },
    SignIn
  >(
    `SELECT e.id, e.occurred_at AS occurredAt, e.ip_address AS ip, c.country
     FROM audit_events AS e LEFT JOIN ip_countries AS c ON c.ip = e.ip_address
     WHERE e.actor_id = @actorId AND ${successes} AND e.occurred_at >= @from AND e.occurred_at < @to
     ORDER BY e.occurred_at, e.row_id`,
  )
  const actorEventsFrom = db.prepare<
    { connectionId: string; actorId: string; ip: string; from: number; to: number; limit: number },
    { id: string; occurredAt: number; action: string }
  >(
    `SELECT e.id, e.occurred_at AS occurredAt, e.action FROM audit_events AS e
     WHERE e.ip_address = @ip AND e.occurred_at >= @from AND e.occurred_at <= @to
       AND e.actor_id = @actorId AND e.connection_id = @connectionId
     ORDER BY e.occurred_at, e.row_id LIMIT @limit`,
  )
  const usedAddress = db.prepare<
    { connectionId: string; actorId: string; ip: string; from: number; to: number },
    { n: number }
  >(
    `SELECT count(*) AS n FROM (SELECT 1 FROM audit_events AS e
     WHERE e.ip_address = @ip AND e.occurred_at >= @from AND e.occurred_at < @to
       AND e.actor_id = @actorId AND e.connection_id = @connectionId LIMIT 1)`,
  )
  const country = db.prepare<[string], { country: string | null }>(
    'SELECT c.country FROM ip_countries AS c WHERE c.ip = ?',
  )
  const base = { connectionId }
  let first: { at: number | null } | undefined
  // The new-country and impossible-travel rules ask for the same groups in a full run: the
  // bounds are clamped to the first sign-in, and the last answer is reused.
  let remembered: { key: string; rows: SignInGroup[] } | undefined
  const groupsFrom = (from: number, active: number): SignInGroup[] => {
    first ??= earliestSignIn.get(base) ?? { at: null }
    if (first.at === null) return []
    const lower = Math.max(from, first.at)
    const activeFrom = Math.max(active, first.at)
    const key = `${String(lower)}:${String(activeFrom)}`
    if (remembered?.key !== key) {
      // Every actor signing in at or after `lower` did so at or after `activeFrom` too.
      const rows =
        activeFrom <= lower
          ? groupsAll.all({ ...base, from: lower })
          : groups.all({ ...base, from: lower, active: activeFrom })
      remembered = { key, rows }
    }
    return remembered.rows
  }
  return {
    /** The country of an address (null: not placed, or not known to the country database). */
    countryOf: (ip: string) => country.get(ip)?.country ?? null,
    /** Failures at or after `from` closing a window of `windowMs` with at least `minimum`
     * failures of their actor or address (counted over failures at or after `from`). */
    failureEnds: (by: 'actor' | 'ip', from: number, windowMs: number, minimum: number) =>
      statements[by].ends.all({ ...base, from, reach: windowMs - 1, minimum }),
    /** Addresses with failures against at least `minimum` accounts at or after `from`. */
    sprayAddresses: (from: number, minimum: number) =>
      sprayAddresses.all({ ...base, from, minimum }),
    /** An address's failures at or after `from`, oldest first (streamed). */
    addressFailures: (ip: string, from: number) => addressFailures.iterate({ ...base, ip, from }),
    /** A key's failures per epoch-aligned window of `windowMs` in [from, to). */
    failureBaseline: (
      by: 'actor' | 'ip',
      key: string,
      from: number,
      to: number,
      windowMs: number,
    ) => statements[by].baseline.all({ ...base, key, from, to, windowMs }),
    /** A key's failed sign-ins in [from, to), oldest first, at most `limit`. */
    failureEvents: (by: 'actor' | 'ip', key: string, from: number, to: number, limit: number) =>
      statements[by].events.all({ ...base, key, from, to, limit }),
    /** A key's failed sign-ins in [from, to) counted in SQL (whatever the evidence cap). */
    failureSpan: (by: 'actor' | 'ip', key: string, from: number, to: number): FailureSpan =>
      statements[by].span.get({ ...base, key, from, to }) ?? {
        failures: 0,
        accounts: 0,
        mostPerAccount: 0,
        first: null,
        last: null,
      },
    /** Successful sign-ins grouped per actor, address and day from `from`, for actors active at
     * or after `active`. */
    signInGroups: (from: number, active: number): readonly SignInGroup[] =>
      groupsFrom(from, active),
    /** An actor's successful sign-ins in [from, to), oldest first (streamed). */
    signIns: (actorId: string, from: number, to: number) =>
      signIns.iterate({ ...base, actorId, from, to }),
    /** Whether the actor did anything from `ip` in [from, to). */
    usedAddress: (actorId: string, ip: string, from: number, to: number) =>
      (usedAddress.get({ ...base, actorId, ip, from, to })?.n ?? 0) > 0,
    /** An actor's events from one address in [from, to] (both included), at most `limit`. */
    actorEventsFrom: (actorId: string, ip: string, from: number, to: number, limit: number) =>
      actorEventsFrom.all({ ...base, actorId, ip, from, to, limit }),
  }
}

/** The sign-in reads' interface. */
export type SignInReads = ReturnType<typeof createSignInReads>
