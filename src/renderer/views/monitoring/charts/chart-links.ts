// Where the charts lead: the Charts tab with a narrower query (brushing a time range) and the log
// tables with the events behind a bar (a bucket, a country, a key, an endpoint). Every link is the
// current query narrowed by what was clicked, written with formatQuery, so the table shows exactly
// the events the chart counted.
import type { Stream } from '../../../../shared/filter'
import { formatQuery, parseQuery, type QueryFilter } from '../../../../shared/query-language'
import { hashWithQuery } from '../../../navigation'

/** The action the sign-in charts count (a failed login is the same action, status failure). */
export const signInAction = 'user.signed_in'

/** The Charts tab showing `query`. */
export const chartsHash = (query: string): string => hashWithQuery('monitoring', query, 'charts')

/** The filter limited to [from, to) as well (the tighter of each end). */
export function withinRange(filter: QueryFilter, from: number, to: number): QueryFilter {
  return {
    ...filter,
    from: filter.from === undefined ? from : Math.max(filter.from, from),
    to: filter.to === undefined ? to : Math.min(filter.to, to),
  }
}

/** The query of the Charts tab after brushing [from, to). */
export function brushedQuery(query: string, from: number, to: number): string {
  return formatQuery(withinRange(parseQuery(query).filter, from, to))
}

/** The query with its time range removed (the whole cache again). */
export function unrangedQuery(query: string): string {
  const rest: QueryFilter = { ...parseQuery(query).filter }
  delete rest.from
  delete rest.to
  return formatQuery(rest)
}

/** What a click narrows the chart's filter by. */
export type Narrowing = {
  from?: number
  to?: number
  status?: string
  country?: string
  apiKey?: string
  endpoint?: string
}

/** The narrower of two endpoint conditions (exact, or a prefix ending in `*`); both hold. */
function narrowerEndpoint(current: string | undefined, wanted: string): string {
  if (current === undefined) return wanted
  if (!current.endsWith('*')) return current // exact: already within the route
  const prefix = current.slice(0, -1)
  return wanted.startsWith(prefix) ? wanted : current
}

function narrow(filter: QueryFilter, by: Narrowing): QueryFilter {
  let next: QueryFilter = { ...filter }
  if (by.from !== undefined && by.to !== undefined) next = withinRange(next, by.from, by.to)
  if (by.status !== undefined) next.status = by.status
  if (by.country !== undefined) next.country = by.country
  if (by.apiKey !== undefined) next.apiKey = by.apiKey
  if (by.endpoint !== undefined) next.endpoint = narrowerEndpoint(next.endpoint, by.endpoint)
  return next
}

/**
 * The audit log's hash showing the sign-ins behind a bar: the chart's filter (whose action
 * conditions all hold for sign-ins, or the chart would be empty) as `action:user.signed_in`.
 */
export function signInEventsHash(filter: QueryFilter, by: Narrowing): string {
  const signIns: QueryFilter = { ...filter, action: signInAction }
  delete signIns.actions
  return hashWithQuery('audit-log', formatQuery(narrow(signIns, by)))
}

/** The API request log's hash showing the requests behind a bar. */
export function requestEventsHash(filter: QueryFilter, by: Narrowing): string {
  return hashWithQuery('api-requests', formatQuery(narrow(filter, by)))
}

/**
 * The query's terms one stream's charts cannot apply (`endpoint:` on sign-ins, `category:` on
 * requests), as the query language reports them: those charts are not filtered by them.
 */
export function termsNotApplied(query: string, stream: Stream): string[] {
  const general = new Set(parseQuery(query).errors.map((error) => error.start))
  return parseQuery(query, stream)
    .errors.filter((error) => !general.has(error.start))
    .map((error) => query.slice(error.start, error.end))
}
