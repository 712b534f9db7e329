// Pages through one stream's events for a filter, newest first, by keyset (never OFFSET), and
// counts them. Rows carry the typed columns and the raw JSON as received.
import type Database from 'better-sqlite3'
import type { EventFilter, Stream } from '../../shared/filter'
import { registerSqlFunctions } from './sql-functions'
import {
  actorToSql,
  filterToSql,
  ftsQuery,
  timeColumn,
  type QueryPlan,
  type TextPlan,
} from './filter-sql'

/** Where the next page starts: the last row of the previous page. */
export type PageKey = { occurredAt: number; rowId: number }

/** One stored event as queries return it. */
export type EventRow = {
  rowId: number
  id: string
  seq: number
  occurredAt: number
  raw: string
  columns: Record<string, unknown>
}

const tables: Record<Stream, string> = {
  'audit-events': 'audit_events',
  'request-logs': 'request_logs',
}

/**
 * Reads pages and counts of events matching a filter. A broad condition (a full-text word, a
 * request status class) matching more than `selectiveLimit` events is tested per row along the
 * time index instead of sorting all its matches. Measured: a word in 4 % of 200,000 events, 43 ms
 * vs 1.9 ms; a rare word stays fast the other way round, 0.07 ms vs 8.3 ms.
 */
export function createEventQuery(db: Database.Database, selectiveLimit = 500) {
  registerSqlFunctions(db) // ip_in_cidr for CIDR filters
  const countMatches = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM audit_events_fts WHERE audit_events_fts MATCH ?',
  )
  const textPlan = (stream: Stream, filter: EventFilter): TextPlan => {
    if (stream === 'request-logs') {
      if (filter.status === undefined) return 'drive'
      const where = filterToSql(stream, { status: filter.status })
      const row = statement(
        `SELECT count(*) AS n FROM request_logs AS e WHERE ${where.clause}`,
      ).get(where.params)
      return Number(row?.n ?? 0) > selectiveLimit ? 'filter' : 'drive'
    }
    const match = filter.text === undefined ? undefined : ftsQuery(filter.text)
    if (match === undefined) return 'drive'
    return (countMatches.get(match)?.n ?? 0) > selectiveLimit ? 'filter' : 'drive'
  }
  /** Few events of the actor or API key (a bounded count): let its index drive the page. */
  const walkTime = (stream: Stream, filter: EventFilter): boolean => {
    const actor = actorToSql(stream, filter)
    if (actor === undefined) return true
    const row = statement(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${tables[stream]} AS e WHERE ${actor.clause} LIMIT ${String(selectiveLimit + 1)})`,
    ).get(actor.params)
    return Number(row?.n ?? 0) > selectiveLimit
  }
  const plan = (stream: Stream, filter: EventFilter): QueryPlan => ({
    text: textPlan(stream, filter),
    walkTime: walkTime(stream, filter),
  })
  const prepared = new Map<
    string,
    Database.Statement<Record<string, string | number>, Record<string, unknown>>
  >()
  const statement = (sql: string) => {
    let found = prepared.get(sql)
    if (found === undefined) {
      found = db.prepare<Record<string, string | number>, Record<string, unknown>>(sql)
      prepared.set(sql, found)
    }
    return found
  }
  return {
    /** Up to `limit` events after `after`, newest first (or oldest first with order 'asc'). */
    page(
      stream: Stream,
      filter: EventFilter,
      limit: number,
      after?: PageKey,
      order: 'desc' | 'asc' = 'desc',
    ): EventRow[] {
      const chosen = plan(stream, filter)
      const where = filterToSql(stream, filter, chosen)
      const time = timeColumn(chosen.walkTime)
      const beyond = order === 'desc' ? '<' : '>'
      const keyset =
        after === undefined
          ? ''
          : ` AND (${time} ${beyond} @afterTime OR (${time} = @afterTime AND e.row_id ${beyond} @afterRow))`
      const direction = order === 'desc' ? 'DESC' : 'ASC'
      const sql = `SELECT * FROM ${tables[stream]} AS e WHERE ${where.clause}${keyset} ORDER BY ${time} ${direction}, e.row_id ${direction} LIMIT @limit`
      const params = {
        ...where.params,
        limit,
        ...(after === undefined ? {} : { afterTime: after.occurredAt, afterRow: after.rowId }),
      }
      return statement(sql).all(params).map(toEventRow)
    },
    /** One event by its row id, or undefined. */
    get(stream: Stream, rowId: number): EventRow | undefined {
      const row = statement(`SELECT * FROM ${tables[stream]} AS e WHERE e.row_id = @rowId`).get({
        rowId,
      })
      return row === undefined ? undefined : toEventRow(row)
    },
    /**
     * The `limit` most frequent values of each facet column among the matching events, with how
     * many other distinct values there are. Columns come from the allowlist below.
     */
    facets(stream: Stream, filter: EventFilter, limit = 12): FacetCounts[] {
      const where = filterToSql(stream, filter)
      return facetColumns[stream].map(({ field, column, label }) => {
        const rows = statement(
          `SELECT CAST(${column} AS TEXT) AS value, count(*) AS n, ${label ?? 'NULL'} AS label
           FROM ${tables[stream]} AS e
           WHERE ${where.clause} AND ${column} IS NOT NULL GROUP BY ${column} ORDER BY n DESC, value LIMIT @facetLimit`,
        ).all({ ...where.params, facetLimit: limit + 1 })
        const values = rows.map((row) => ({
          value: String(row.value),
          count: Number(row.n),
          ...(typeof row.label === 'string' ? { label: row.label } : {}),
        }))
        const distinct =
          values.length <= limit
            ? values.length
            : Number(
                statement(
                  `SELECT count(DISTINCT ${column}) AS n FROM ${tables[stream]} AS e WHERE ${where.clause}`,
                ).get(where.params)?.n ?? 0,
              )
        return { field, values: values.slice(0, limit), others: Math.max(0, distinct - limit) }
      })
    },
    /** How many events match. */
    count(stream: Stream, filter: EventFilter): number {
      const where = filterToSql(stream, filter)
      const sql = `SELECT count(*) AS n FROM ${tables[stream]} AS e WHERE ${where.clause}`
      return (
        db.prepare<Record<string, string | number>, { n: number }>(sql).get(where.params)?.n ?? 0
      )
    },
  }
}

/** One facet's counts. */
export type FacetCounts = {
  field: string
  /** `label`: how people know the value (an actor's email or name, a key's name). */
  values: { value: string; count: number; label?: string }[]
  others: number
}

// The columns facets count, per stream: fixed here, never taken from input.
const facetColumns: Record<Stream, { field: string; column: string; label?: string }[]> = {
  'audit-events': [
    { field: 'action', column: 'e.action' },
    { field: 'category', column: 'e.category' },
    { field: 'status', column: 'e.status' },
    {
      field: 'actor',
      column: 'e.actor_id',
      label: 'max(coalesce(e.actor_email, e.actor_name))',
    },
    { field: 'resource', column: 'e.resource_type' },
  ],
  'request-logs': [
    { field: 'endpoint', column: 'e.endpoint' },
    { field: 'status', column: 'e.status_code' },
    { field: 'method', column: 'e.method' },
    {
      field: 'key',
      column: 'e.api_key_id',
      label: 'max(coalesce(e.api_key_name, e.api_key_last4))',
    },
  ],
}

function toEventRow(row: Record<string, unknown>): EventRow {
  const { row_id: rowId, id, seq, occurred_at: occurredAt, raw, ...columns } = row
  return {
    rowId: Number(rowId),
    id: String(id),
    seq: Number(seq),
    occurredAt: Number(occurredAt),
    raw: String(raw),
    columns,
  }
}
