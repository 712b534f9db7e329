// Warm query latencies on a cache file: the common filters of the log table (issue 4, item 9),
// through the same query module the app uses, plus the SQL plan each one runs with.
import Database from 'better-sqlite3'
import { createEventQuery } from '../src/core/query/event-query'
import { filterToSql } from '../src/core/query/filter-sql'
import type { EventFilter, Stream } from '../src/shared/filter'
import type { BenchRow } from './harness'

type Case = {
  name: string
  run: (db: Database.Database) => unknown
  plan?: { stream: Stream; filter: EventFilter }
}

const day = 86_400_000

function auditCases(db: Database.Database): Case[] {
  const query = createEventQuery(db)
  const newest =
    db.prepare<[], { t: number }>('SELECT max(occurred_at) AS t FROM audit_events').get()?.t ?? 0
  const email =
    db
      .prepare<[], { e: string }>(
        'SELECT actor_email AS e FROM audit_events WHERE actor_email IS NOT NULL LIMIT 1 OFFSET 5000',
      )
      .get()?.e ?? 'a'
  const firstPage = query.page('audit-events', { from: newest - 7 * day }, 100)
  const last = firstPage.at(-1)
  const page = (name: string, filter: EventFilter): Case => ({
    name,
    run: () => query.page('audit-events', filter, 100),
    plan: { stream: 'audit-events', filter },
  })
  const count = (name: string, filter: EventFilter): Case => ({
    name,
    run: () => query.count('audit-events', filter),
    plan: { stream: 'audit-events', filter },
  })
  const histogram = db.prepare(
    "SELECT occurred_at / 3600000 AS hour, count(*) AS n FROM audit_events WHERE action = 'user.signed_in' AND status = 'failure' AND occurred_at >= ? GROUP BY hour",
  )
  return [
    page('page: last 7 days', { from: newest - 7 * day }),
    page('page: 30 days + action + status', {
      from: newest - 30 * day,
      action: 'user.signed_in',
      status: 'failure',
    }),
    page('page: 90 days + actor email prefix', {
      from: newest - 90 * day,
      actor: email.slice(0, 6),
    }),
    page('page: 90 days + action prefix', { from: newest - 90 * day, action: 'template.*' }),
    page('page: full-text word', { text: 'invoice' }),
    {
      name: 'keyset next page',
      run: () =>
        query.page(
          'audit-events',
          { from: newest - 7 * day },
          100,
          last === undefined ? undefined : { occurredAt: last.occurredAt, rowId: last.rowId },
        ),
    },
    count('count: 30 days + action', { from: newest - 30 * day, action: 'template.updated' }),
    count('count: actor + action', { actor: email, action: 'user.signed_in' }),
    count('count: 90 days, all', { from: newest - 90 * day }),
    {
      name: 'histogram: failed sign-ins per hour, 90 days',
      run: () => histogram.all(newest - 90 * day),
    },
  ]
}

function requestCases(db: Database.Database): Case[] {
  const query = createEventQuery(db)
  const newest =
    db.prepare<[], { t: number }>('SELECT max(occurred_at) AS t FROM request_logs').get()?.t ?? 0
  const key =
    db
      .prepare<[], { k: string }>(
        'SELECT api_key_id AS k FROM request_logs WHERE api_key_id IS NOT NULL LIMIT 1 OFFSET 5000',
      )
      .get()?.k ?? 'k'
  const page = (name: string, filter: EventFilter): Case => ({
    name,
    run: () => query.page('request-logs', filter, 100),
    plan: { stream: 'request-logs', filter },
  })
  const count = (name: string, filter: EventFilter): Case => ({
    name,
    run: () => query.count('request-logs', filter),
    plan: { stream: 'request-logs', filter },
  })
  const perDay = db.prepare(
    'SELECT occurred_at / 86400000 AS day, count(*) AS n FROM request_logs WHERE status_code >= 500 AND occurred_at >= ? GROUP BY day',
  )
  const first = query.page('request-logs', { from: newest - 7 * day }, 100)
  const last = first.at(-1)
  return [
    page('page: last 7 days', { from: newest - 7 * day }),
    page('page: 30 days + API key', { from: newest - 30 * day, actor: key }),
    page('page: 90 days + 5xx', { from: newest - 90 * day, status: '5xx' }),
    {
      name: 'keyset next page',
      run: () =>
        query.page(
          'request-logs',
          { from: newest - 7 * day },
          100,
          last === undefined ? undefined : { occurredAt: last.occurredAt, rowId: last.rowId },
        ),
    },
    count('count: 30 days + API key', { from: newest - 30 * day, actor: key }),
    count('count: 90 days + 5xx', { from: newest - 90 * day, status: '5xx' }),
    { name: 'histogram: 5xx per day, 90 days', run: () => perDay.all(newest - 90 * day) },
  ]
}

/** Times each case `repeat` times (after one warm-up) and returns p50 and p95 rows, plus plans. */
export function measureQueries(
  file: string,
  stream: Stream,
  label: string,
  repeat: number,
): { rows: BenchRow[]; plans: string[] } {
  const db = new Database(file, { readonly: true })
  const rows: BenchRow[] = []
  const plans: string[] = []
  for (const item of stream === 'audit-events' ? auditCases(db) : requestCases(db)) {
    item.run(db)
    const times: number[] = []
    for (let index = 0; index < repeat; index += 1) {
      const started = performance.now()
      item.run(db)
      times.push(performance.now() - started)
    }
    times.sort((a, b) => a - b)
    const at = (q: number) =>
      Math.round((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0) * 100) / 100
    rows.push(
      { suite: 'query', case: `${label}: ${item.name} p50`, value: at(0.5), unit: 'ms' },
      { suite: 'query', case: `${label}: ${item.name} p95`, value: at(0.95), unit: 'ms' },
    )
    if (item.plan !== undefined)
      plans.push(`${item.name}: ${explain(db, item.plan.stream, item.plan.filter)}`)
  }
  db.close()
  return { rows, plans }
}

function explain(db: Database.Database, stream: Stream, filter: EventFilter): string {
  const where = filterToSql(stream, filter)
  const table = stream === 'audit-events' ? 'audit_events' : 'request_logs'
  const sql = `EXPLAIN QUERY PLAN SELECT * FROM ${table} AS e WHERE ${where.clause} ORDER BY e.occurred_at DESC, e.row_id DESC LIMIT 100`
  return db
    .prepare<Record<string, string | number>, { detail: string }>(sql)
    .all(where.params)
    .map((row) => row.detail)
    .join('; ')
}
