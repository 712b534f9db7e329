// docs/org-api.openapi.yaml is a valid OpenAPI 3.1 document, it describes every endpoint of the
// contract, and the demo server's real responses validate against its schemas (ajv, 2020-12).
import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemoServer, type DemoServer } from '../../src/demo-org/index'
import {
  createResponseValidator,
  isJsonObject,
  loadOpenApiDocument,
  type ResponseValidator,
} from '../conformance/openapi-schemas'

const document = loadOpenApiDocument()
const demoSizes = { seed: 11, auditEvents: 1500, requestLogs: 3000, days: 10 }

const endpoints = [
  '/v1/organization',
  '/v1/audit-events',
  '/v1/request-logs',
  '/v1/audit-events/stats',
  '/v1/request-logs/stats',
  '/v1/audit-events/digests',
  '/v1/request-logs/digests',
  '/v1/signing-keys',
]

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator()
    const result = await validator.validate(document)
    expect(result.errors).toBeUndefined()
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
  })

  it('describes every endpoint of the contract, GET only, with every error status', () => {
    const paths = isJsonObject(document.paths) ? document.paths : {}
    expect(Object.keys(paths).sort()).toEqual([...endpoints].sort())
    const statuses = new Set<string>()
    for (const item of Object.values(paths)) {
      expect(Object.keys(isJsonObject(item) ? item : {})).toEqual(['get'])
      const get = isJsonObject(item) && isJsonObject(item.get) ? item.get : {}
      Object.keys(isJsonObject(get.responses) ? get.responses : {}).forEach((s) => statuses.add(s))
    }
    const expected = ['200', '400', '401', '403', '404', '410', '429', '500', '502', '503', '504']
    expect([...statuses].sort()).toEqual(expected)
  })
})

/** Sends a request to the demo server and returns what the validator needs. */
async function call(
  base: string,
  path: string,
  options: { key?: string | null; method?: string; query?: Record<string, string> } = {},
) {
  const url = new URL(path, base)
  url.search = new URLSearchParams(options.query ?? {}).toString()
  const headers: Record<string, string> = {}
  if (options.key !== null && options.key !== undefined) {
    headers.authorization = `Bearer ${options.key}`
  }
  const method = options.method ?? 'GET'
  const response = await fetch(url, { method, headers })
  const body: unknown = await response.json()
  return { method, path, status: response.status, headers: response.headers, body }
}

type Exchange = Awaited<ReturnType<typeof call>>

const cursorOf = (exchange: Exchange): string => {
  const cursor = isJsonObject(exchange.body) ? exchange.body.next_cursor : undefined
  if (typeof cursor !== 'string') throw new Error(`${exchange.path} gave no next_cursor`)
  return cursor
}

describe('the demo server against the OpenAPI document', () => {
  let demo: DemoServer
  let validate: ResponseValidator

  beforeAll(async () => {
    demo = await startDemoServer(demoSizes)
    validate = createResponseValidator(document)
  })
  afterAll(async () => {
    await demo.close()
  })

  const expectValid = (exchange: Exchange, status: number) => {
    expect(exchange.status).toBe(status)
    expect(validate(exchange).errors).toEqual([])
  }

  it('answers the organization as documented', async () => {
    expectValid(await call(demo.url, '/v1/organization', { key: demo.keys.full }), 200)
  })

  it.each(['audit-events', 'request-logs'])(
    'pages %s as documented, first to last',
    async (stream) => {
      const key = demo.keys.full
      const first = await call(demo.url, `/v1/${stream}`, { key, query: { limit: '1000' } })
      expectValid(first, 200)
      let cursor = cursorOf(first)
      for (let page = 2; page <= 10; page += 1) {
        const next = await call(demo.url, `/v1/${stream}`, {
          key,
          query: { cursor, limit: '1000' },
        })
        expectValid(next, 200)
        cursor = cursorOf(next)
        if (isJsonObject(next.body) && next.body.has_more === false) break
      }
      const caughtUp = await call(demo.url, `/v1/${stream}`, { key, query: { cursor } })
      expectValid(caughtUp, 200)
      const since = await call(demo.url, `/v1/${stream}`, {
        key,
        query: { since: '2020-01-01T00:00:00+02:00', limit: '7' },
      })
      expectValid(since, 200)
    },
  )

  it.each(['stats', 'digests'])('answers %s of both streams as documented', async (view) => {
    const today = new Date().toISOString().slice(0, 10)
    const from = new Date(Date.now() - 399 * 86_400_000).toISOString().slice(0, 10)
    for (const stream of ['audit-events', 'request-logs']) {
      const query = { from, to: today }
      expectValid(
        await call(demo.url, `/v1/${stream}/${view}`, { key: demo.keys.full, query }),
        200,
      )
    }
  })

  it('answers the signing keys as documented', async () => {
    expectValid(await call(demo.url, '/v1/signing-keys', { key: demo.keys.full }), 200)
  })

  it.each([
    { status: 400, path: '/v1/audit-events', query: { limit: '0' } },
    { status: 400, path: '/v1/request-logs', query: { since: 'yesterday' } },
    {
      status: 400,
      path: '/v1/audit-events/stats',
      query: { from: '2025-01-01', to: '2026-06-01' },
    },
    { status: 401, path: '/v1/audit-events', key: null },
    { status: 401, path: '/v1/organization', key: 'revoked' },
    { status: 403, path: '/v1/request-logs', key: 'noScope' },
    { status: 404, path: '/v1/no-such-endpoint' },
    { status: 405, path: '/v1/audit-events', method: 'POST' },
  ] as const)('answers $status for $path as documented', async (item) => {
    const key = !('key' in item) ? demo.keys.full : item.key === null ? null : demo.keys[item.key]
    const options = { key, ...('query' in item ? { query: item.query } : {}) }
    const method = 'method' in item ? item.method : 'GET'
    expectValid(await call(demo.url, item.path, { ...options, method }), item.status)
  })

  it('answers an expired cursor with 410 carrying oldest_available_at, as documented', async () => {
    const faulty = await startDemoServer({ ...demoSizes, faults: { expireCursorAt: 1 } })
    try {
      const key = faulty.keys.full
      const first = await call(faulty.url, '/v1/audit-events', { key, query: { limit: '5' } })
      const expired = await call(faulty.url, '/v1/audit-events', {
        key,
        query: { cursor: cursorOf(first) },
      })
      expectValid(expired, 410)
    } finally {
      await faulty.close()
    }
  })
})

describe('the response validator', () => {
  const validate = createResponseValidator(document)
  const headers = new Headers({
    'RateLimit-Limit': '60',
    'RateLimit-Remaining': '59',
    'RateLimit-Reset': '30',
  })
  const event = {
    id: 'evt_1',
    seq: 1,
    occurred_at: '2026-11-25T10:15:30.123Z',
    recorded_at: '2026-11-25T10:15:30.456Z',
    action: 'template.created',
    category: 'templates',
    actor: { type: 'user', id: 'usr_1', email: 'ana@acme.example', name: 'Ana Ruiz' },
    resource: null,
    ip_address: '2001:db8::1',
    user_agent: null,
    status: 'success',
    failure_reason: null,
    metadata: {},
  }
  const page = (data: unknown[]) => ({
    data,
    next_cursor: 'c1',
    has_more: false,
    oldest_available_at: '2026-11-25T10:15:30.456Z',
  })
  const verdict = (body: unknown, status = 200, path = '/v1/audit-events', sent = headers) =>
    validate({ method: 'GET', path, status, headers: sent, body })

  it('accepts a conforming page, and events with fields the contract does not name', () => {
    expect(verdict(page([event])).errors).toEqual([])
    expect(verdict(page([{ ...event, region: 'eu', future: { nested: true } }])).isValid).toBe(true)
  })

  it.each([
    ['a page without next_cursor', { ...page([event]), next_cursor: undefined }],
    ['a cursor over 512 characters', { ...page([event]), next_cursor: 'x'.repeat(513) }],
    ['an event without actor', page([{ ...event, actor: undefined }])],
    ['an id over 64 characters', page([{ ...event, id: 'e'.repeat(65) }])],
    ['a timestamp without milliseconds', page([{ ...event, recorded_at: '2026-11-25T10:15:30Z' }])],
    [
      'a timestamp with an offset',
      page([{ ...event, occurred_at: '2026-11-25T12:15:30.123+02:00' }]),
    ],
    [
      'an api_key actor without last4',
      page([{ ...event, actor: { type: 'api_key', id: 'k', name: null } }]),
    ],
    [
      'a system actor with another id',
      page([{ ...event, actor: { type: 'system', id: 'usr_1' } }]),
    ],
    ['a seq of 0', page([{ ...event, seq: 0 }])],
    ['a status outside success and failure', page([{ ...event, status: 'ok' }])],
  ])('rejects %s', (_, body) => {
    expect(verdict(JSON.parse(JSON.stringify(body))).isValid).toBe(false)
  })

  it('rejects a 410 without oldest_available_at and a response without RateLimit headers', () => {
    const expired = { error: { code: 'cursor_expired', message: 'expired' } }
    expect(verdict(expired, 410).errors.join()).toContain('oldest_available_at')
    const bare = verdict(page([]), 200, '/v1/audit-events', new Headers())
    expect(bare.errors.join()).toContain('ratelimit-limit')
  })

  it('rejects an error whose code does not match its status', () => {
    expect(verdict({ error: { code: 'not_found', message: 'x' } }, 401).isValid).toBe(false)
    expect(verdict({ error: { code: 'unauthorized', message: 'x' } }, 401).isValid).toBe(true)
  })
})
