// SQL of the request log rollups (request_rollups, request_route_rollups; migration 14): an hour
// is rebuilt from its events (folded in JavaScript: one read of the events feeds both tables), a
// day from its hours. Columns and tables are fixed here; values are always bound.
import type Database from 'better-sqlite3'
import { dayMs, floorTo, hourMs } from './buckets'
import { binColumns, durationBinCount, durationBinSql } from './histogram'
import { routeOf, type Route } from './routes'

const dimensions = 'connection_id, span_ms, occurred_at, api_key_id, status_code'

/** An organization's time range [from, to). */
export type Range = { connectionId: string; from: number; to: number }

/** One hour's counts for a key and status: requests and their duration histogram. */
type HistogramRow = {
  connectionId: string
  hour: number
  apiKeyId: string | null
  statusCode: number
  bins: Int32Array
}

/** One hour's requests for a key, status and route. */
type RouteRow = Omit<HistogramRow, 'bins'> & { route: Route; requests: number }

/** Statements that rebuild the request log rollups, per organization. */
export function createRequestRollupStore(db: Database.Database) {
  const events = db
    .prepare<Range, [string, number, string | null, number, number, string]>(
      // `+e.connection_id` keeps the time index driving: it finds the hours' rows directly.
      `SELECT e.connection_id, e.occurred_at, e.api_key_id, e.status_code,
        ${durationBinSql('e.duration_ms')}, e.endpoint
       FROM request_logs AS e
       WHERE +e.connection_id = @connectionId AND e.occurred_at >= @from AND e.occurred_at < @to`,
    )
    .raw()
  const inSpan =
    'connection_id = @connectionId AND span_ms = @span AND occurred_at >= @from AND occurred_at < @to'
  const deleteSpan = [
    db.prepare<Range & { span: number }>(`DELETE FROM request_rollups WHERE ${inSpan}`),
    db.prepare<Range & { span: number }>(`DELETE FROM request_route_rollups WHERE ${inSpan}`),
  ]
  const insertHistogram = db.prepare<(string | number | null)[]>(
    `INSERT INTO request_rollups (${dimensions}, requests, ${binColumns.join(', ')})
     VALUES (${new Array(6 + durationBinCount).fill('?').join(', ')})`,
  )
  const insertRoute = db.prepare<(string | number | null)[]>(
    `INSERT INTO request_route_rollups (${dimensions}, route, endpoint_filter, requests)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const day = `occurred_at - ((occurred_at % ${String(dayMs)}) + ${String(dayMs)}) % ${String(dayMs)}`
  const hours = `connection_id = @connectionId AND span_ms = ${String(hourMs)}
    AND occurred_at >= @from AND occurred_at < @to`
  const rollUpHistogramDays = db.prepare<Range>(
    `INSERT INTO request_rollups (${dimensions}, requests, ${binColumns.join(', ')})
     SELECT @connectionId, ${String(dayMs)}, ${day} AS day, api_key_id, status_code, sum(requests),
       ${binColumns.map((column) => `sum(${column})`).join(', ')}
     FROM request_rollups WHERE ${hours} GROUP BY day, api_key_id, status_code`,
  )
  const rollUpRouteDays = db.prepare<Range>(
    `INSERT INTO request_route_rollups (${dimensions}, route, endpoint_filter, requests)
     SELECT @connectionId, ${String(dayMs)}, ${day} AS day, api_key_id, status_code, route,
       endpoint_filter, sum(requests)
     FROM request_route_rollups WHERE ${hours}
     GROUP BY day, api_key_id, status_code, route, endpoint_filter`,
  )
  const hoursOfRows = db.prepare<
    { after: number; upto: number },
    { connectionId: string; hour: number }
  >(
    `SELECT DISTINCT connection_id AS connectionId,
       occurred_at - ((occurred_at % ${String(hourMs)}) + ${String(hourMs)}) % ${String(hourMs)} AS hour
     FROM request_logs WHERE row_id > @after AND row_id <= @upto`,
  )
  const rolledHours = db
    .prepare<Range, number>(`SELECT DISTINCT occurred_at FROM request_rollups WHERE ${hours}`)
    .pluck()
  const firstAtOrAfter = db
    .prepare<{ connectionId: string; time: number }, number>(
      `SELECT e.occurred_at FROM request_logs AS e
       WHERE +e.connection_id = @connectionId AND e.occurred_at >= @time
       ORDER BY e.occurred_at LIMIT 1`,
    )
    .pluck()
  const clear = [
    db.prepare('DELETE FROM request_rollups'),
    db.prepare('DELETE FROM request_route_rollups'),
  ]

  return {
    /** The organizations and UTC hours of the rows after row `after` up to row `upto`. */
    hoursOfRows: (after: number, upto: number) => hoursOfRows.all({ after, upto }),
    /** The hours in [from, to) with hourly rollup rows of an organization. */
    rolledHours: (range: Range): number[] => rolledHours.all(range),
    /** An organization's earliest event time at or after `time` (a skip over empty stretches). */
    firstEventAtOrAfter: (connectionId: string, time: number): number | undefined =>
      firstAtOrAfter.get({ connectionId, time }),
    /** Deletes every rollup row. */
    clear(): void {
      for (const statement of clear) statement.run()
    },
    /** Rebuilds an organization's hourly rows of [from, to) (whole hours) from its events. */
    rebuildHours(range: Range): void {
      for (const statement of deleteSpan) statement.run({ ...range, span: hourMs })
      const { histograms, routes } = fold(events.iterate(range))
      for (const row of histograms.values()) {
        let requests = 0
        for (const count of row.bins) requests += count
        insertHistogram.run(...dimensionValues(row), requests, ...row.bins)
      }
      for (const row of routes.values())
        insertRoute.run(
          ...dimensionValues(row),
          row.route.route,
          row.route.endpointFilter,
          row.requests,
        )
    },
    /** Rebuilds an organization's daily rows of [from, to) (whole days) from its hourly rows. */
    rebuildDays(range: Range): void {
      for (const statement of deleteSpan) statement.run({ ...range, span: dayMs })
      rollUpHistogramDays.run(range)
      rollUpRouteDays.run(range)
    },
  }
}

const dimensionValues = (row: Omit<HistogramRow, 'bins'>) =>
  [row.connectionId, hourMs, row.hour, row.apiKeyId, row.statusCode] as const

/** A key part that cannot run into the next one (log text may hold any character). */
const part = (text: string | null): string =>
  text === null ? '-;' : `${String(text.length)}:${text};`

/** Folds event rows (as the events statement reads them) into hourly histogram and route rows. */
function fold(rows: Iterable<[string, number, string | null, number, number, string]>): {
  histograms: Map<string, HistogramRow>
  routes: Map<string, RouteRow>
} {
  const histograms = new Map<string, HistogramRow>()
  const routes = new Map<string, RouteRow>()
  const routeCache = new Map<string, Route>()
  for (const [connectionId, occurredAt, apiKeyId, statusCode, bin, endpoint] of rows) {
    const hour = floorTo(occurredAt, hourMs)
    const key = `${part(connectionId)}${String(hour)};${part(apiKeyId)}${String(statusCode)};`
    let histogram = histograms.get(key)
    if (histogram === undefined) {
      histogram = {
        connectionId,
        hour,
        apiKeyId,
        statusCode,
        bins: new Int32Array(durationBinCount),
      }
      histograms.set(key, histogram)
    }
    histogram.bins[bin] = (histogram.bins[bin] ?? 0) + 1
    let route = routeCache.get(endpoint)
    if (route === undefined) {
      route = routeOf(endpoint)
      if (routeCache.size >= 50_000) routeCache.clear()
      routeCache.set(endpoint, route)
    }
    const routeKey = `${key}${part(route.route)}${part(route.endpointFilter)}`
    const found = routes.get(routeKey)
    if (found === undefined)
      routes.set(routeKey, { connectionId, hour, apiKeyId, statusCode, route, requests: 1 })
    else found.requests += 1
  }
  return { histograms, routes }
}
