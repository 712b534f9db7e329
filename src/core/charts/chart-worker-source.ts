// The source of the chart worker (chart-worker.ts), as CommonJS text the worker evaluates, like
// the query worker's (src/core/query/query-worker-source.ts, whose ip_in_cidr port it reuses): no
// file has to be found next to each build's bundle. The main thread builds every statement
// (chart-sql.ts); the worker runs them on its own read-only connection and returns their rows,
// folding endpoints into routes itself (a port of routes.ts, held to it by
// chart-worker-source.test.ts) so that millions of distinct endpoints never cross threads.
import { ipInCidrSource, readConnectionSource } from '../query/query-worker-source'

/** routeOf(endpoint) as plain JavaScript: a port of routes.ts, returning [route, endpointFilter]. */
export const routeOfSource = `
const maxEndpointLength = 512
const numericSegment = /^\\d+$/
const uuidSegment = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const prefixedIdSegment = /^([A-Za-z]{1,16}_)?(?=[A-Za-z]*\\d)[0-9A-Za-z]{16,}$/
function placeholder(segment) {
  if (numericSegment.test(segment) || uuidSegment.test(segment)) return { prefix: '', text: '{id}' }
  const match = prefixedIdSegment.exec(segment)
  if (match === null) return undefined
  const prefix = match[1] ?? ''
  return { prefix, text: prefix + '{id}' }
}
function isFilterable(value) {
  return value.length >= 1 && value.length <= 2048 && !/\\p{Cc}/u.test(value)
}
function inexact(route, prefix) {
  return [route, isFilterable(prefix + '*') ? prefix + '*' : null]
}
function routeOf(endpoint) {
  const text = endpoint.length > maxEndpointLength ? endpoint.slice(0, maxEndpointLength) + '\\u2026' : endpoint
  const at = text.indexOf('?')
  const path = at < 0 ? text : text.slice(0, at)
  const query = at < 0 ? undefined : text.slice(at + 1)
  const segments = path.split('/')
  let literal
  const shown = segments.map((segment, index) => {
    const found = placeholder(segment)
    if (found === undefined) return segment
    if (literal === undefined) literal = segments.slice(0, index).join('/') + '/' + found.prefix
    return found.text
  })
  const route = shown.join('/') + (query === undefined ? '' : '?\\u2026')
  if (literal !== undefined) return inexact(route, literal)
  if (query !== undefined) return inexact(route, path + '?')
  if (text !== endpoint) return inexact(route, endpoint.slice(0, maxEndpointLength))
  if (endpoint.endsWith('*')) return inexact(route, endpoint.slice(0, -1))
  return [route, isFilterable(endpoint) ? endpoint : null]
}
`

/**
 * foldRoutes(rows) as plain JavaScript: rows of [endpoint, requests, errors] summed per route into
 * [route, endpointFilter, requests, errors] (the twin of foldRoutes in chart-statements.ts).
 */
export const foldRoutesSource = `
function foldRoutes(rows) {
  const routes = new Map()
  for (const [endpoint, requests, errors] of rows) {
    const [route, filter] = routeOf(String(endpoint))
    const key = route.length + ':' + route + (filter === null ? '-' : filter.length + ':' + filter)
    const found = routes.get(key)
    if (found === undefined) routes.set(key, [route, filter, Number(requests), Number(errors)])
    else {
      found[2] += Number(requests)
      found[3] += Number(errors)
    }
  }
  return [...routes.values()]
}
`

/** The worker: one read-only connection, statements prepared once, one job per message. */
export const chartWorkerSource = `
const { parentPort, workerData, threadId } = require('node:worker_threads')
${ipInCidrSource}
${routeOfSource}
${foldRoutesSource}
${readConnectionSource}
function run(job) {
  // One read transaction, so every statement of a chart sees the same cache.
  return db.transaction(() => job.statements.map((each) => {
    const rows = statement(each.sql).raw()
    return each.fold === 'routes' ? foldRoutes(rows.iterate(each.params)) : rows.all(each.params)
  }))()
}
parentPort.on('message', (job) => {
  try {
    parentPort.postMessage({ id: job.id, ok: true, value: run(job), threadId })
  } catch (error) {
    parentPort.postMessage({ id: job.id, ok: false, message: String(error && error.message), threadId })
  }
})
`
