import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemoServer, type DemoServer } from './index'
import { Random } from './random'
import { fixedNow, getJson, getPage, type JsonResponse } from './test-support'

let server: DemoServer

beforeAll(async () => {
  server = await startDemoServer({
    seed: 3,
    auditEvents: 800,
    requestLogs: 500,
    days: 10,
    now: () => fixedNow,
  })
})
afterAll(async () => {
  await server.close()
})

const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` })

function expectError(response: JsonResponse, status: number, code: string): string {
  expect(response.status).toBe(status)
  const body = response.body as { error: { code: string; message: string } }
  expect(Object.keys(body)).toEqual(['error'])
  expect(body.error.code).toBe(code)
  expect(body.error.message.length).toBeGreaterThan(5)
  expect(response.text).not.toMatch(/at .*\.ts|node:internal|SQLITE|\/tmp\//)
  return body.error.message
}

function expectRateLimitHeaders(response: JsonResponse): void {
  for (const name of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']) {
    expect(response.headers.get(name), name).toMatch(/^\d+$/)
  }
}

describe('errors of the contract', () => {
  it.each([
    ['no Authorization', {}],
    ['an empty Authorization', { authorization: '' }],
    ['a Basic scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['Bearer without a key', { authorization: 'Bearer ' }],
    ['a key with spaces', { authorization: 'Bearer two words' }],
    ['an unknown key', { authorization: 'Bearer adk_live_0000000000000000000000000000000' }],
  ])('answers 401 unauthorized for %s', async (_name, headers) => {
    const response = await getJson(server, '/v1/audit-events', { headers })
    expectError(response, 401, 'unauthorized')
    expectRateLimitHeaders(response)
  })

  it('answers 401 for the revoked key and 403 naming the scope for the key without it', async () => {
    expectError(
      await getJson(server, '/v1/organization', { headers: bearer(server.keys.revoked) }),
      401,
      'unauthorized',
    )
    const message = expectError(
      await getJson(server, '/v1/audit-events', { headers: bearer(server.keys.noScope) }),
      403,
      'forbidden',
    )
    expect(message).toContain('audit_logs:read')
  })

  it('answers 404 for unknown paths and 405 with Allow for other methods', async () => {
    for (const path of [
      '/',
      '/v1',
      '/v1/audit-events/',
      '/v2/organization',
      '/v1/audit-events/123',
      '/V1/organization',
    ]) {
      expectError(await getJson(server, path), 404, 'not_found')
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']) {
      const response = await fetch(`${server.url}/v1/audit-events`, {
        method,
        headers: bearer(server.keys.full),
      })
      expect(response.status).toBe(405)
      expect(response.headers.get('allow')).toBe('GET')
      expect(response.headers.get('ratelimit-limit')).toMatch(/^\d+$/)
      if (method !== 'HEAD')
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
          'method_not_allowed',
        )
    }
  })

  it.each([
    'limit=0',
    'limit=1001',
    'limit=5000',
    'limit=abc',
    'limit=',
    'limit=-1',
    'limit=1.5',
    'limit=1&limit=2',
    'since=',
    'since=yesterday',
    'since=2026-11-25T10:15:30',
    'since=2026-11-25',
    'since=2026-13-01T00:00:00Z',
    'since=2026-02-30T00:00:00Z',
    'since=2026-11-25T24:00:00Z',
    'since=2026-11-25T10:15:30+2:00',
    'since=2026-11-25T10:15:30Z&cursor=x',
    'cursor=',
    'cursor=abc',
    'cursor=a.b',
    `cursor=${'a'.repeat(513)}`,
  ])('answers 400 invalid_request for %s', async (query) => {
    const message = expectError(
      await getJson(server, `/v1/audit-events?${query}`),
      400,
      'invalid_request',
    )
    expect(message).toMatch(/limit|since|cursor/)
  })

  it('rejects an edited cursor, a forged one and one of the other stream', async () => {
    const page = await getPage(server, 'audit-events', 'limit=5')
    const [payload = '', tag = ''] = page.next_cursor.split('.')
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
      s: string
      q: number
    }
    const edited = `${Buffer.from(JSON.stringify({ ...decoded, q: 1 })).toString('base64url')}.${tag}`
    const flipped = `${page.next_cursor.slice(0, -1)}${page.next_cursor.endsWith('A') ? 'B' : 'A'}`
    const other = (await getPage(server, 'request-logs', 'limit=5')).next_cursor
    for (const cursor of [edited, flipped, other, `${page.next_cursor}.x`]) {
      expectError(
        await getJson(server, `/v1/audit-events?cursor=${encodeURIComponent(cursor)}`),
        400,
        'invalid_request',
      )
    }
    expect(
      (
        await getPage(
          server,
          'audit-events',
          `cursor=${encodeURIComponent(page.next_cursor)}&limit=1`,
        )
      ).data[0]?.seq,
    ).toBe(6)
  })

  it('validates stats and digests ranges', async () => {
    for (const query of [
      '',
      'from=2026-11-01',
      'to=2026-11-01',
      'from=2026-11-02&to=2026-11-01',
      'from=2025-01-01&to=2026-02-05',
      'from=2026-11-31&to=2026-12-01',
      'from=20261101&to=20261102',
    ]) {
      expectError(await getJson(server, `/v1/audit-events/stats?${query}`), 400, 'invalid_request')
      expectError(
        await getJson(server, `/v1/request-logs/digests?${query}`),
        400,
        'invalid_request',
      )
    }
    expect(
      (await getJson(server, '/v1/audit-events/stats?from=2025-01-01&to=2026-02-04')).status,
    ).toBe(200)
  })
})

describe('precedence: 401, 403, 404/405, 400, 410, 429', () => {
  it('puts 401 before everything, 403 before paths, 404/405 before bad queries', async () => {
    expectError(
      await getJson(server, '/nope?limit=0', { headers: {}, method: 'POST' }),
      401,
      'unauthorized',
    )
    expectError(
      await getJson(server, '/nope?limit=0', {
        headers: bearer(server.keys.noScope),
        method: 'POST',
      }),
      403,
      'forbidden',
    )
    expectError(await getJson(server, '/nope?limit=0', { method: 'POST' }), 404, 'not_found')
    expectError(
      await getJson(server, '/v1/audit-events?limit=0', { method: 'POST' }),
      405,
      'method_not_allowed',
    )
    expectError(await getJson(server, '/v1/audit-events?limit=0'), 400, 'invalid_request')
  })
})

describe('hostile query strings (property style)', () => {
  const alphabet = [
    'a',
    'Z',
    '0',
    '9',
    '=',
    '&',
    '%',
    '%2',
    '%ZZ',
    '%00',
    '+',
    ' ',
    '.',
    '-',
    ':',
    'T',
    'Z',
    '~',
    'é',
    '\u{1F600}',
    '\u202e',
    'since',
    'cursor',
    'limit',
    '[]',
    '"',
    "'",
    '<',
    '\\',
    '/',
    '?',
    '#',
  ]

  function hostileQuery(random: Random): string {
    const length = random.int(0, 60)
    let text = ''
    for (let index = 0; index < length; index++) text += random.pick(alphabet)
    return text
  }

  it('answers 200 or 400 with the contract body and headers, never a crash, for 300 random queries', async () => {
    const random = new Random(42, 'hostile-queries')
    for (let round = 0; round < 300; round++) {
      const query = hostileQuery(random)
      const path = random.pick([
        '/v1/audit-events',
        '/v1/request-logs',
        '/v1/audit-events/stats',
        '/v1/request-logs/digests',
        '/v1/organization',
      ])
      const response = await fetch(
        `${server.url}${path}?${encodeURI(query).replaceAll('%25', '%')}`,
        { headers: bearer(server.keys.full) },
      ).catch((error: unknown) => error)
      if (response instanceof Error) continue // the client refused to send it: nothing to check
      if (!(response instanceof Response)) throw new Error('unexpected fetch result')
      const text = await response.text()
      expect([200, 400], `${path}?${query} -> ${text}`).toContain(response.status)
      expect(response.headers.get('ratelimit-remaining')).toMatch(/^\d+$/)
      const body = JSON.parse(text) as Record<string, unknown>
      if (response.status === 400)
        expect((body.error as { code: string }).code).toBe('invalid_request')
    }
  })

  it('answers an unparseable HTTP request with a 400 JSON body and rate-limit headers', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1', () => {
        socket.write('GET /v1/audit-events HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n')
      })
      let data = ''
      socket.on('data', (chunk) => (data += chunk.toString()))
      socket.on('end', () => {
        resolve(data)
      })
      socket.on('error', reject)
    })
    expect(raw).toMatch(/^HTTP\/1\.1 400/)
    expect(raw).toMatch(/RateLimit-Limit: \d+/)
    expect(raw).toContain('"code":"invalid_request"')
  })
})
