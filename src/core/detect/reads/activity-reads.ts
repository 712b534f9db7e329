// SQL the rules on what accounts did read (API key creation, role changes, template deletions):
// rare actions found through the (action, occurred_at) index, each actor's history through the
// (actor_id, action, occurred_at) index. Values are always bound; times are epoch ms.
import type Database from 'better-sqlite3'

/** An audit event of one action, with what the rules need of it. */
export type ActionEvent = {
  id: string
  occurredAt: number
  actorId: string
  actorType: string
  actorLabel: string | null
  ip: string | null
  resourceId: string | null
  resourceName: string | null
}

/** A role change: the event, whose role changed, from what to what (as the metadata says). */
export type RoleChange = ActionEvent & { fromRole: string | null; toRole: string | null }

const eventColumns = `e.id, e.occurred_at AS occurredAt, e.actor_id AS actorId,
  e.actor_type AS actorType, coalesce(e.actor_email, e.actor_name) AS actorLabel,
  e.ip_address AS ip, e.resource_id AS resourceId, e.resource_name AS resourceName`

/** Prepared reads of account activity for one connection. */
export function createActivityReads(db: Database.Database, connectionId: string) {
  const ofAction = db.prepare<{ connectionId: string; action: string; from: number }, ActionEvent>(
    `SELECT ${eventColumns} FROM audit_events AS e
     WHERE e.action = @action AND e.occurred_at >= @from AND e.connection_id = @connectionId
     ORDER BY e.occurred_at, e.row_id`,
  )
  const roleChanges = db.prepare<{ connectionId: string; from: number }, RoleChange>(
    `SELECT ${eventColumns},
       json_extract(e.raw, '$.metadata.from_role') AS fromRole,
       json_extract(e.raw, '$.metadata.to_role') AS toRole
     FROM audit_events AS e
     WHERE e.action = 'member.role_changed' AND e.occurred_at >= @from
       AND e.connection_id = @connectionId
     ORDER BY e.occurred_at, e.row_id`,
  )
  // An actor id seen in this connection only needs no connection test, which would read every
  // event's row: the (actor_id, action, occurred_at) index alone answers (measured on 200,000
  // events: 230 ms for the key creation rule with the test).
  const ofActor = (isShared: boolean) =>
    isShared ? 'e.actor_id = @actorId AND e.connection_id = @connectionId' : 'e.actor_id = @actorId'
  const actorStatements = (isShared: boolean) => ({
    earlier: db.prepare<
      { connectionId: string; actorId: string; action: string; before: number },
      { n: number }
    >(
      `SELECT count(*) AS n FROM (SELECT 1 FROM audit_events AS e
       WHERE ${ofActor(isShared)} AND e.action = @action AND e.occurred_at < @before LIMIT 1)`,
    ),
    firstSeen: db.prepare<{ connectionId: string; actorId: string }, { at: number | null }>(
      `SELECT min(e.occurred_at) AS at FROM audit_events AS e WHERE ${ofActor(isShared)}`,
    ),
    hours: db.prepare<
      { connectionId: string; actorId: string; from: number; to: number },
      { hour: number; events: number }
    >(
      `SELECT (e.occurred_at / 3600000) % 24 AS hour, count(*) AS events FROM audit_events AS e
       WHERE ${ofActor(isShared)} AND e.occurred_at >= @from AND e.occurred_at < @to
       GROUP BY hour ORDER BY hour`,
    ),
  })
  const byActor = { shared: actorStatements(true), own: actorStatements(false) }
  const connectionsOf = db.prepare<[string], { n: number }>(
    'SELECT count(DISTINCT a.connection_id) AS n FROM actors AS a WHERE a.actor_id = ?',
  )
  const sharing = new Map<string, boolean>()
  const forActor = (actorId: string) => {
    let isShared = sharing.get(actorId)
    if (isShared === undefined) {
      isShared = (connectionsOf.get(actorId)?.n ?? 0) !== 1
      sharing.set(actorId, isShared)
    }
    return isShared ? byActor.shared : byActor.own
  }
  const actionsOf = db.prepare<
    { connectionId: string; actorId: string; actions: string; from: number; to: number },
    { id: string; occurredAt: number; action: string }
  >(
    `SELECT e.id, e.occurred_at AS occurredAt, e.action FROM audit_events AS e
     WHERE e.actor_id = @actorId AND e.action IN (SELECT value FROM json_each(@actions))
       AND e.occurred_at >= @from AND e.occurred_at <= @to AND e.connection_id = @connectionId
     ORDER BY e.occurred_at, e.row_id`,
  )
  // Endpoints of dense stretches: each event with at least @minimum events of the same actor
  // and action in the @spanMs before it (itself included).
  const dense = db.prepare<
    { connectionId: string; action: string; from: number; spanMs: number; minimum: number },
    { actorId: string; occurredAt: number; inSpan: number }
  >(
    `SELECT actorId, occurredAt, n AS inSpan FROM (
       SELECT e.actor_id AS actorId, e.occurred_at AS occurredAt,
              count(*) OVER (PARTITION BY e.actor_id ORDER BY e.occurred_at
                             RANGE BETWEEN @spanMs PRECEDING AND CURRENT ROW) AS n
       FROM audit_events AS e
       WHERE e.action = @action AND e.occurred_at >= @from AND e.connection_id = @connectionId)
     WHERE n >= @minimum ORDER BY actorId, occurredAt`,
  )
  const actorActions = db.prepare<
    { connectionId: string; actorId: string; action: string; from: number; to: number },
    ActionEvent
  >(
    `SELECT ${eventColumns} FROM audit_events AS e
     WHERE e.actor_id = @actorId AND e.action = @action AND e.occurred_at >= @from
       AND e.occurred_at <= @to AND e.connection_id = @connectionId
     ORDER BY e.occurred_at, e.row_id`,
  )
  const actorLabel = db.prepare<
    { connectionId: string; actorId: string },
    { label: string | null }
  >(
    `SELECT coalesce(a.email, a.name) AS label FROM actors AS a
     WHERE a.connection_id = @connectionId AND a.actor_id = @actorId
     ORDER BY a.email IS NULL, a.email, a.name LIMIT 1`,
  )
  const base = { connectionId }
  return {
    /** Events of `action` at or after `from`, oldest first. */
    eventsOfAction: (action: string, from: number) => ofAction.all({ ...base, action, from }),
    /** member.role_changed events at or after `from`, with their roles. */
    roleChanges: (from: number) => roleChanges.all({ ...base, from }),
    /** Whether the actor did `action` before `before`. */
    didBefore: (actorId: string, action: string, before: number) =>
      (forActor(actorId).earlier.get({ ...base, actorId, action, before })?.n ?? 0) > 0,
    /** When the cache first saw the actor do anything (null: never). */
    firstSeen: (actorId: string) =>
      forActor(actorId).firstSeen.get({ ...base, actorId })?.at ?? null,
    /** The actor's events per UTC hour of day in [from, to). */
    hourCounts: (actorId: string, from: number, to: number) =>
      forActor(actorId).hours.all({ ...base, actorId, from, to }),
    /** The actor's events of any of `actions` in [from, to]. */
    actionsOf: (actorId: string, actions: readonly string[], from: number, to: number) =>
      actionsOf.all({ ...base, actorId, actions: JSON.stringify(actions), from, to }),
    /** Events closing a stretch of `minimum` `action` events by one actor within `spanMs`. */
    denseEnds: (action: string, from: number, spanMs: number, minimum: number) =>
      dense.all({ ...base, action, from, spanMs, minimum }),
    /** The actor's `action` events in [from, to], oldest first. */
    actorActions: (actorId: string, action: string, from: number, to: number) =>
      actorActions.all({ ...base, actorId, action, from, to }),
    /** How people know an actor (email, else name), from the actors seen. */
    actorLabel: (actorId: string) => actorLabel.get({ ...base, actorId })?.label ?? null,
  }
}

/** The activity reads' interface. */
export type ActivityReads = ReturnType<typeof createActivityReads>
