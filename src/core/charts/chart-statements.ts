// The SQL of each chart, per part of its range (buckets.ts splitRange): over the events, or over a
// rollup (migration 14) whose columns carry the same names, so the one filter SQL
// (src/core/query/filter-sql.ts) selects from both. Columns and tables are fixed here; every
// value is bound, and the chart's own values use names (`chart…`) the filter SQL never uses.
import type { EventFilter, Stream } from '../../shared/filter'
import { filterToSql } from '../query/filter-sql'
import type { Segment } from './buckets'
import type { ChartStatement } from './chart-worker'
import { binColumns, durationBinSql } from './histogram'
import { routeOf } from './routes'
import { signInAction } from './sign-in-rollup-store'

/** Where a chart's buckets start and how long they are (both aligned to UTC). */
export type Buckets = { origin: number; size: number }

/** The WHERE clause of the filter over one part of the range; rollups also name their span. */
function partWhere(stream: Stream, filter: EventFilter, part: Segment) {
  const where = filterToSql(stream, { ...filter, from: part.from, to: part.to })
  if (part.source.kind === 'events') return where
  return {
    clause: `${where.clause} AND e.span_ms = @chartSpan`,
    params: { ...where.params, chartSpan: part.source.spanMs },
  }
}

const bucketSql = '(e.occurred_at - CAST(@chartOrigin AS INTEGER)) / CAST(@chartSize AS INTEGER)'

/** Sign-ins per bucket and status: rows [bucket, status, count]. */
export function signInStatements(
  filter: EventFilter,
  parts: readonly Segment[],
  buckets: Buckets,
): ChartStatement[] {
  return parts.map((part) => {
    const where = partWhere('audit-events', filter, part)
    const params = { ...where.params, chartOrigin: buckets.origin, chartSize: buckets.size }
    if (part.source.kind === 'rollup')
      return {
        sql: `SELECT ${bucketSql} AS b, e.status, sum(e.sign_ins) FROM sign_in_rollups AS e
          WHERE ${where.clause} AND e.status IN ('success', 'failure') GROUP BY b, e.status`,
        params,
      }
    // The status list lets the (action, status, occurred_at) index answer without reading rows.
    return {
      sql: `SELECT ${bucketSql} AS b, e.status, count(*) FROM audit_events AS e
        WHERE ${where.clause} AND e.action = @chartAction AND e.status IN ('success', 'failure')
        GROUP BY b, e.status`,
      params: { ...params, chartAction: signInAction },
    }
  })
}

/** Failed sign-ins per UTC hour of day and weekday (0 Monday): rows [hour, weekday, count]. */
export function failedHoursStatement(
  filter: EventFilter,
  range: Segment,
  monday: number,
): ChartStatement {
  const where = partWhere('audit-events', filter, range)
  const since = '(e.occurred_at - CAST(@chartMonday AS INTEGER))'
  return {
    sql: `SELECT (${since} / 3600000) % 24 AS hour, (${since} / 86400000) % 7 AS weekday, count(*)
      FROM audit_events AS e
      WHERE ${where.clause} AND e.action = @chartAction AND e.status = 'failure'
      GROUP BY hour, weekday`,
    params: { ...where.params, chartMonday: monday, chartAction: signInAction },
  }
}

/** Sign-ins per country of their address and status: rows [country, status, count]. */
export function countryStatements(
  filter: EventFilter,
  parts: readonly Segment[],
): ChartStatement[] {
  return parts.map((part) => {
    const where = partWhere('audit-events', filter, part)
    if (part.source.kind === 'rollup')
      return {
        sql: `SELECT g.country, e.status, sum(e.sign_ins) FROM sign_in_rollups AS e
          LEFT JOIN ip_countries AS g ON g.ip = e.ip_address
          WHERE ${where.clause} AND e.status IN ('success', 'failure') GROUP BY g.country, e.status`,
        params: where.params,
      }
    return {
      sql: `SELECT g.country, e.status, count(*) FROM audit_events AS e
        LEFT JOIN ip_countries AS g ON g.ip = e.ip_address
        WHERE ${where.clause} AND e.action = @chartAction AND e.status IN ('success', 'failure')
        GROUP BY g.country, e.status`,
      params: { ...where.params, chartAction: signInAction },
    }
  })
}

/** Requests per bucket and API key: rows [bucket, keyId, count]. */
export function keyStatements(
  filter: EventFilter,
  parts: readonly Segment[],
  buckets: Buckets,
): ChartStatement[] {
  return parts.map((part) => {
    const where = partWhere('request-logs', filter, part)
    const params = { ...where.params, chartOrigin: buckets.origin, chartSize: buckets.size }
    const [table, requests] =
      part.source.kind === 'rollup'
        ? ['request_rollups', 'sum(e.requests)']
        : ['request_logs', 'count(*)']
    return {
      sql: `SELECT ${bucketSql} AS b, e.api_key_id, ${requests} FROM ${table} AS e
        WHERE ${where.clause} GROUP BY b, e.api_key_id`,
      params,
    }
  })
}

/**
 * Requests, client and server errors and the duration histogram per bucket. From a rollup: rows
 * [bucket, requests, 4xx, 5xx, d0 … d161]; from the events: rows [bucket, bin, requests, 4xx, 5xx].
 */
export function healthStatements(
  filter: EventFilter,
  parts: readonly Segment[],
  buckets: Buckets,
): ChartStatement[] {
  return parts.map((part) => {
    const where = partWhere('request-logs', filter, part)
    const params = { ...where.params, chartOrigin: buckets.origin, chartSize: buckets.size }
    if (part.source.kind === 'rollup')
      return {
        sql: `SELECT ${bucketSql} AS b, sum(e.requests),
          sum(CASE WHEN e.status_code >= 400 AND e.status_code < 500 THEN e.requests ELSE 0 END),
          sum(CASE WHEN e.status_code >= 500 THEN e.requests ELSE 0 END),
          ${binColumns.map((column) => `sum(e.${column})`).join(', ')}
          FROM request_rollups AS e WHERE ${where.clause} GROUP BY b`,
        params,
      }
    return {
      sql: `SELECT ${bucketSql} AS b, ${durationBinSql('e.duration_ms')} AS bin, count(*),
        sum(e.status_code >= 400 AND e.status_code < 500), sum(e.status_code >= 500)
        FROM request_logs AS e WHERE ${where.clause} GROUP BY b, bin`,
      params,
    }
  })
}

/** Requests and errors per route: rows [route, endpointFilter, requests, errors]. */
export function endpointStatements(
  filter: EventFilter,
  parts: readonly Segment[],
): ChartStatement[] {
  return parts.map((part) => {
    const where = partWhere('request-logs', filter, part)
    if (part.source.kind === 'rollup')
      return {
        sql: `SELECT e.route, e.endpoint_filter, sum(e.requests),
          sum(CASE WHEN e.status_code >= 400 THEN e.requests ELSE 0 END)
          FROM request_route_rollups AS e WHERE ${where.clause}
          GROUP BY e.route, e.endpoint_filter`,
        params: where.params,
      }
    return {
      sql: `SELECT e.endpoint, count(*), sum(e.status_code >= 400) FROM request_logs AS e
        WHERE ${where.clause} GROUP BY e.endpoint`,
      params: where.params,
      fold: 'routes',
    }
  })
}

/**
 * Sums rows of [endpoint, requests, errors] per route into [route, endpointFilter, requests,
 * errors]; the worker runs a port of this (chart-worker-source.ts).
 */
export function foldRoutes(rows: Iterable<unknown[]>): unknown[][] {
  const routes = new Map<string, [string, string | null, number, number]>()
  for (const [endpoint, requests, errors] of rows) {
    const { route, endpointFilter } = routeOf(String(endpoint))
    const key = `${String(route.length)}:${route}${endpointFilter === null ? '-' : `${String(endpointFilter.length)}:${endpointFilter}`}`
    const found = routes.get(key)
    if (found === undefined)
      routes.set(key, [route, endpointFilter, Number(requests), Number(errors)])
    else {
      found[2] += Number(requests)
      found[3] += Number(errors)
    }
  }
  return [...routes.values()]
}
