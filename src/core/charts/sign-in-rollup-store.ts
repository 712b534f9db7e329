// SQL of the sign-in rollups (sign_in_rollups, migration 14): per UTC hour or day, actor, address
// and status, the user.signed_in events. An hour is rebuilt from its events, a day from its hours,
// both in SQL (sign-ins are a small part of the audit log).
import type Database from 'better-sqlite3'
import { dayMs, hourMs } from './buckets'
import type { Range } from './request-rollup-store'

/** The action of a sign-in (a failed login is the same action with status failure). */
export const signInAction = 'user.signed_in'

const floorSql = (column: string, size: number) =>
  `${column} - ((${column} % ${String(size)}) + ${String(size)}) % ${String(size)}`

/** Statements that rebuild the sign-in rollups, per organization. */
export function createSignInRollupStore(db: Database.Database) {
  const action = signInAction
  const deleteSpan = db.prepare<Range & { span: number }>(
    `DELETE FROM sign_in_rollups WHERE connection_id = @connectionId AND span_ms = @span
     AND occurred_at >= @from AND occurred_at < @to`,
  )
  const hours = `connection_id = @connectionId AND span_ms = ${String(hourMs)}
    AND occurred_at >= @from AND occurred_at < @to`
  const rebuildHours = db.prepare<Range & { action: string }>(
    `INSERT INTO sign_in_rollups
       (connection_id, span_ms, occurred_at, actor_id, ip_address, status, sign_ins)
     SELECT @connectionId, ${String(hourMs)}, ${floorSql('e.occurred_at', hourMs)} AS hour,
       e.actor_id, e.ip_address, e.status, count(*)
     FROM audit_events AS e
     WHERE +e.connection_id = @connectionId AND e.action = @action
       AND e.occurred_at >= @from AND e.occurred_at < @to
     GROUP BY hour, e.actor_id, e.ip_address, e.status`,
  )
  const rebuildDays = db.prepare<Range>(
    `INSERT INTO sign_in_rollups
       (connection_id, span_ms, occurred_at, actor_id, ip_address, status, sign_ins)
     SELECT @connectionId, ${String(dayMs)}, ${floorSql('occurred_at', dayMs)} AS day, actor_id,
       ip_address, status, sum(sign_ins)
     FROM sign_in_rollups WHERE ${hours}
     GROUP BY day, actor_id, ip_address, status`,
  )
  const hoursOfRows = db.prepare<
    { after: number; upto: number; action: string },
    { connectionId: string; hour: number }
  >(
    `SELECT DISTINCT connection_id AS connectionId, ${floorSql('occurred_at', hourMs)} AS hour
     FROM audit_events WHERE row_id > @after AND row_id <= @upto AND action = @action`,
  )
  const rolledHours = db
    .prepare<Range, number>(`SELECT DISTINCT occurred_at FROM sign_in_rollups WHERE ${hours}`)
    .pluck()
  const firstAtOrAfter = db
    .prepare<{ connectionId: string; time: number; action: string }, number>(
      `SELECT e.occurred_at FROM audit_events AS e
       WHERE +e.connection_id = @connectionId AND e.action = @action AND e.occurred_at >= @time
       ORDER BY e.occurred_at LIMIT 1`,
    )
    .pluck()
  const clear = db.prepare('DELETE FROM sign_in_rollups')

  return {
    /** The organizations and UTC hours of the sign-ins after row `after` up to row `upto`. */
    hoursOfRows: (after: number, upto: number) => hoursOfRows.all({ after, upto, action }),
    /** The hours in [from, to) with hourly rollup rows of an organization. */
    rolledHours: (range: Range): number[] => rolledHours.all(range),
    /** An organization's earliest sign-in at or after `time`, or undefined. */
    firstEventAtOrAfter: (connectionId: string, time: number): number | undefined =>
      firstAtOrAfter.get({ connectionId, time, action }),
    /** Deletes every rollup row. */
    clear(): void {
      clear.run()
    },
    /** Rebuilds an organization's hourly rows of [from, to) (whole hours) from its sign-ins. */
    rebuildHours(range: Range): void {
      deleteSpan.run({ ...range, span: hourMs })
      rebuildHours.run({ ...range, action })
    },
    /** Rebuilds an organization's daily rows of [from, to) (whole days) from its hourly rows. */
    rebuildDays(range: Range): void {
      deleteSpan.run({ ...range, span: dayMs })
      rebuildDays.run(range)
    },
  }
}
