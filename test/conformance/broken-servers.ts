// Servers broken on purpose: each entry breaks one rule of the contract through the tampering
// proxy and names the check that must fail because of it.
import { isJsonObject } from './openapi-schemas'
import type { Exchange } from './tampering-proxy'

/** A way to break a conforming server, and the check that must then fail. */
export type BrokenServerCase = {
  broken: string
  failing: string
  tamper: (exchange: Exchange) => void
}

const pageData = (exchange: Exchange): Record<string, unknown>[] => {
  const data = isJsonObject(exchange.body) ? exchange.body.data : undefined
  return Array.isArray(data) ? data.filter(isJsonObject) : []
}
const errorOf = (exchange: Exchange) =>
  isJsonObject(exchange.body) && isJsonObject(exchange.body.error) ? exchange.body.error : {}
const setError = (exchange: Exchange, status: number, code: string) => {
  exchange.status = status
  exchange.body = { error: { code, message: 'tampered' } }
}
const isPage = (exchange: Exchange, stream: string) =>
  exchange.path === `/v1/${stream}` && exchange.status === 200

/** Servers broken on purpose, one contract rule each, for proving that the suite notices. */
export const brokenServers: BrokenServerCase[] = [
  {
    broken: 'skips seq 5 of audit-events',
    failing: 'audit-events: seq starts at the oldest available event and grows by exactly 1',
    tamper: (exchange) => {
      if (!isPage(exchange, 'audit-events') || !isJsonObject(exchange.body)) return
      exchange.body.data = pageData(exchange).filter((event) => event.seq !== 5)
    },
  },
  {
    broken: 'omits next_cursor on the last page',
    failing: 'request-logs: next_cursor is on every page',
    tamper: (exchange) => {
      if (isPage(exchange, 'request-logs') && isJsonObject(exchange.body)) {
        if (exchange.body.has_more === false) delete exchange.body.next_cursor
      }
    },
  },
  {
    broken: 'changes the content of seq 10 when paged 2 at a time',
    failing: 'request-logs: paging with limit=2 delivers every event exactly once',
    tamper: (exchange) => {
      if (!isPage(exchange, 'request-logs') || exchange.query.get('limit') !== '2') return
      for (const event of pageData(exchange)) if (event.seq === 10) event.duration_ms = 99_999
    },
  },
  {
    broken: 'records seq 20 before seq 19',
    failing: 'audit-events: recorded_at never decreases as seq grows',
    tamper: (exchange) => {
      if (!isPage(exchange, 'audit-events')) return
      for (const event of pageData(exchange)) {
        if (event.seq === 20) event.recorded_at = '2001-01-01T00:00:00.000Z'
      }
    },
  },
  {
    broken: 'starts a since page one event late',
    failing: 'audit-events: since starts at the first event recorded at or after it',
    tamper: (exchange) => {
      if (isPage(exchange, 'audit-events') && exchange.query.has('since')) {
        if (isJsonObject(exchange.body)) exchange.body.data = pageData(exchange).slice(1)
      }
    },
  },
  {
    broken: 'rejects the cursor of an empty page',
    failing: 'audit-events: a caught-up or empty page keeps next_cursor usable',
    tamper: (exchange) => {
      const isEmptyFollowUp = exchange.query.has('cursor') && pageData(exchange).length === 0
      if (isPage(exchange, 'audit-events') && isEmptyFollowUp) {
        setError(exchange, 400, 'invalid_request')
      }
    },
  },
  {
    broken: 'miscounts a day in stats',
    failing: 'request-logs: stats counts and ids_sha256 match the fetched events',
    tamper: (exchange) => {
      const days = isJsonObject(exchange.body) ? exchange.body.days : undefined
      const day: unknown = Array.isArray(days) ? days[1] : undefined
      if (exchange.path === '/v1/request-logs/stats' && isJsonObject(day)) {
        day.count = Number(day.count) + 1
      }
    },
  },
  {
    broken: 'breaks the digest chain',
    failing: 'audit-events: digests verify, chain and match the fetched events',
    tamper: (exchange) => {
      const days = isJsonObject(exchange.body) ? exchange.body.days : undefined
      const list: unknown[] = Array.isArray(days) ? days : []
      const [first, , third] = list
      if (
        exchange.path === '/v1/audit-events/digests' &&
        isJsonObject(first) &&
        isJsonObject(third)
      ) {
        third.previous_signature = first.signature
      }
    },
  },
  {
    broken: 'answers 400 before 401',
    failing: '401 unauthorized for an unauthorized and malformed request (401 wins)',
    tamper: (exchange) => {
      if (!exchange.hasAuthorization && exchange.query.get('limit') === '0') {
        setError(exchange, 400, 'invalid_request')
      }
    },
  },
  {
    broken: 'answers 401 for a key without the scope',
    failing: '403 forbidden for a key without audit_logs:read',
    tamper: (exchange) => {
      if (exchange.status === 403) setError(exchange, 401, 'unauthorized')
    },
  },
  {
    broken: 'leaks a stack trace in a 404',
    failing: 'error bodies are {"error":{"code","message"}}',
    tamper: (exchange) => {
      if (exchange.status === 404) {
        errorOf(exchange).message =
          'Error: no route\n    at Router.handle (/srv/app/router.js:42:7)'
      }
    },
  },
  {
    broken: 'drops the RateLimit headers from errors',
    failing: 'every response carries integer RateLimit-Limit',
    tamper: (exchange) => {
      if (exchange.status >= 400) delete exchange.headers['ratelimit-remaining']
    },
  },
  {
    broken: 'drops the actor of an audit event',
    failing: 'every response matches docs/org-api.openapi.yaml',
    tamper: (exchange) => {
      if (!isPage(exchange, 'audit-events')) return
      for (const event of pageData(exchange)) if (event.seq === 3) delete event.actor
    },
  },
]
