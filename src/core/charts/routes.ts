// Endpoints grouped into routes for the top-endpoints chart: `/v1/documents/doc_01JD…` and every
// other document id become one route `/v1/documents/doc_{id}`, so ids do not split the counts.
// A path segment is an id when it is a number, a UUID, or 16+ letters and digits with at least
// one digit, optionally after a short type prefix (`doc_`, `tpl_`). Everything else stays as is.

/** Longest endpoint text kept in a route (longer endpoints are cut and marked). */
const maxEndpointLength = 512

const numeric = /^\d+$/
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const prefixedId = /^([A-Za-z]{1,16}_)?(?=[A-Za-z]*\d)[0-9A-Za-z]{16,}$/

/** The placeholder an id segment becomes (keeping its type prefix), or undefined when it is not an id. */
function placeholder(segment: string): { prefix: string; text: string } | undefined {
  if (numeric.test(segment) || uuid.test(segment)) return { prefix: '', text: '{id}' }
  const match = prefixedId.exec(segment)
  if (match === null) return undefined
  const prefix = match[1] ?? ''
  return { prefix, text: `${prefix}{id}` }
}

/** A route and how to open its requests in the log table. */
export type Route = {
  /** The endpoint with each id segment replaced by `{id}` (its type prefix kept). */
  route: string
  /**
   * The endpoint filter that finds the route's requests: the endpoint itself when the route has
   * no id, else the text before the first id (with its type prefix) and `*`, which may also match
   * longer paths under it; null when no filter can name it (control characters in it). It
   * matches exactly the route's requests when it does not end in `*`.
   */
  endpointFilter: string | null
}

/** The route of an endpoint (see the file comment). */
export function routeOf(endpoint: string): Route {
  const text =
    endpoint.length > maxEndpointLength ? `${endpoint.slice(0, maxEndpointLength)}…` : endpoint
  const [path, query] = splitQuery(text)
  const segments = path.split('/')
  let literal: string | undefined
  const shown = segments.map((segment, index) => {
    const found = placeholder(segment)
    if (found === undefined) return segment
    literal ??= `${segments.slice(0, index).join('/')}/${found.prefix}`
    return found.text
  })
  const route = `${shown.join('/')}${query === undefined ? '' : '?…'}`
  if (literal !== undefined) return inexact(route, literal)
  if (query !== undefined) return inexact(route, `${path}?`)
  if (text !== endpoint) return inexact(route, endpoint.slice(0, maxEndpointLength))
  // A trailing `*` in a filter means "under this prefix", so such an endpoint is matched as one.
  if (endpoint.endsWith('*')) return inexact(route, endpoint.slice(0, -1))
  return { route, endpointFilter: isFilterable(endpoint) ? endpoint : null }
}

const inexact = (route: string, prefix: string): Route => ({
  route,
  endpointFilter: isFilterable(`${prefix}*`) ? `${prefix}*` : null,
})

/** What the filter's endpoint field accepts: 1 to 2048 characters, no control characters. */
const isFilterable = (value: string): boolean =>
  value.length >= 1 && value.length <= 2048 && !/\p{Cc}/u.test(value)

function splitQuery(text: string): [string, string | undefined] {
  const at = text.indexOf('?')
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)]
}
