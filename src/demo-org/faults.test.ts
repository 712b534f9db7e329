import { afterEach, describe, expect, it } from 'vitest'
import { parseFaults, startDemoServer, type DemoFaults, type DemoServer } from './index'
import { fixedNow, getJson, getPage, pageAll } from './test-support'

describe('parseFaults', () => {
  it('parses every fault, tolerating spaces, and an empty spec as none', () => {
    expect(
      parseFaults(
        'rate-limit=30, error-rate=0.1,burst-429=5,slow=20,repeat=.5,revoke-after=0,expire-cursor-at=3,truncate=1',
      ),
    ).toEqual({
      rateLimitPerMinute: 30,
      errorRate: 0.1,
      burst429Every: 5,
      slowMs: 20,
      repeatRate: 0.5,
      revokeAfter: 0,
      expireCursorAt: 3,
      truncateRate: 1,
    })
    expect(parseFaults('')).toEqual({})
    expect(parseFaults('  ')).toEqual({})
  })

  it.each([
    ['nope=1', /Unknown fault "nope"/],
    ['rate-limit', /"rate-limit" must be written rate-limit=VALUE/],
    ['rate-limit=', /"rate-limit=" must be written/],
    ['rate-limit=0', /"rate-limit=0".*at least 1/],
    ['rate-limit=1.5', /"rate-limit=1.5"/],
    ['error-rate=1.5', /"error-rate=1.5".*from 0 to 1/],
    ['error-rate=abc', /"error-rate=abc"/],
    ['slow=-5', /"slow=-5"/],
    ['repeat=0.5,repeat=0.2', /"repeat" is given more than once/],
    ['truncate=0.5,,slow=1', /Unknown fault ""/],
    ['slow=1=2', /"slow=1=2" must be written/],
    ['__proto__=1', /Unknown fault "__proto__"/],
  ])('rejects %s with a message naming the bad part', (spec, message) => {
    expect(() => parseFaults(spec)).toThrow(message)
  })
})

let server: DemoServer | undefined
let clock = fixedNow
afterEach(async () => {
  await server?.close()
  server = undefined
  clock = fixedNow
})

async function start(faults: DemoFaults): Promise<DemoServer> {
  server = await startDemoServer({
    seed: 2,
    auditEvents: 600,
    requestLogs: 300,
    days: 10,
    now: () => clock,
    faults,
  })
  return server
}

describe('injected faults', () => {
  it('rate-limit=N answers 429 with Retry-After past N requests a minute, with matching headers, until the window resets', async () => {
    const demo = await start({ rateLimitPerMinute: 5 })
    clock = fixedNow + 15_000
    for (let index = 1; index <= 5; index++) {
      const response = await getJson(demo, '/v1/organization')
      expect(response.status).toBe(200)
      expect(response.headers.get('ratelimit-limit')).toBe('5')
      expect(response.headers.get('ratelimit-remaining')).toBe(String(5 - index))
      expect(response.headers.get('ratelimit-reset')).toBe('45')
    }
    const limited = await getJson(demo, '/v1/audit-events')
    expect(limited.status).toBe(429)
    expect((limited.body as { error: { code: string } }).error.code).toBe('rate_limited')
    expect(limited.headers.get('retry-after')).toBe('45')
    expect((await getJson(demo, '/v1/audit-events?limit=0')).status).toBe(400) // 400 outranks 429
    clock = fixedNow + 60_000
    expect((await getJson(demo, '/v1/organization')).status).toBe(200)
  })

  it('error-rate=F answers about that fraction with 500 or 503 (503 with Retry-After: 1)', async () => {
    const demo = await start({ errorRate: 0.3 })
    const statuses: number[] = []
    for (let index = 0; index < 200; index++) {
      const response = await getJson(demo, '/v1/audit-events?limit=1')
      statuses.push(response.status)
      if (response.status === 503) expect(response.headers.get('retry-after')).toBe('1')
      expect(response.headers.get('ratelimit-limit')).not.toBeNull()
    }
    const failures = statuses.filter((status) => status !== 200)
    expect(failures.length).toBeGreaterThan(35)
    expect(failures.length).toBeLessThan(85)
    expect(new Set(failures)).toEqual(new Set([500, 503]))
  })

  it('burst-429=N answers every N-th request with 429 and Retry-After: 1', async () => {
    const demo = await start({ burst429Every: 3 })
    const statuses: number[] = []
    for (let index = 0; index < 9; index++) {
      const response = await getJson(demo, '/v1/organization')
      statuses.push(response.status)
      if (response.status === 429) expect(response.headers.get('retry-after')).toBe('1')
    }
    expect(statuses).toEqual([200, 200, 429, 200, 200, 429, 200, 200, 429])
  })

  it('slow=MS delays every response, errors included', async () => {
    const demo = await start({ slowMs: 120 })
    for (const headers of [undefined, {}]) {
      const started = performance.now()
      await getJson(demo, '/v1/organization', headers === undefined ? {} : { headers })
      expect(performance.now() - started).toBeGreaterThanOrEqual(110)
    }
  })

  it('repeat=F begins pages with up to 5 already-delivered identical events; de-duplication still yields every event once', async () => {
    const demo = await start({ repeatRate: 1 })
    const delivered = await pageAll(demo, 'audit-events', 50)
    const unique = new Map(delivered.map((event) => [event.id, event]))
    expect(unique.size).toBe(demo.counts.auditEvents)
    expect(delivered.length).toBeGreaterThan(unique.size)
    for (const event of delivered) expect(event).toEqual(unique.get(event.id))
    const second = await getPage(demo, 'audit-events', 'limit=10')
    const next = await getPage(
      demo,
      'audit-events',
      `limit=10&cursor=${encodeURIComponent(second.next_cursor)}`,
    )
    const repeated = next.data.filter((event) => event.seq <= 10)
    expect(repeated.length).toBeGreaterThanOrEqual(1)
    expect(repeated.length).toBeLessThanOrEqual(5)
    expect(next.data.map((event) => event.seq)).toEqual(
      Array.from({ length: 10 }, (_, index) => 11 - repeated.length + index),
    )
  })

  it('revoke-after=N revokes the full key after N requests', async () => {
    const demo = await start({ revokeAfter: 3 })
    const statuses = []
    for (let index = 0; index < 5; index++)
      statuses.push((await getJson(demo, '/v1/organization')).status)
    expect(statuses).toEqual([200, 200, 200, 401, 401])
  })

  it('expire-cursor-at=N drops the oldest events past the cursor at the N-th cursor request and answers 410', async () => {
    const demo = await start({ expireCursorAt: 2 })
    const first = await getPage(demo, 'audit-events', 'limit=10')
    const second = await getPage(
      demo,
      'audit-events',
      `limit=10&cursor=${encodeURIComponent(first.next_cursor)}`,
    )
    const expired = await getJson(
      demo,
      `/v1/audit-events?limit=10&cursor=${encodeURIComponent(second.next_cursor)}`,
    )
    expect(expired.status).toBe(410)
    const error = (expired.body as { error: { code: string; oldest_available_at: string } }).error
    expect(error.code).toBe('cursor_expired')
    const restart = await getPage(
      demo,
      'audit-events',
      `since=${encodeURIComponent(error.oldest_available_at)}&limit=5`,
    )
    expect(restart.data[0]?.seq).toBe(121)
    expect(restart.oldest_available_at).toBe(error.oldest_available_at)
    expect(
      (await getJson(demo, `/v1/audit-events?cursor=${encodeURIComponent(first.next_cursor)}`))
        .status,
    ).toBe(410)
    const stats = (await getJson(demo, '/v1/audit-events/stats?from=2026-11-01&to=2026-11-30'))
      .body as { days: { count: number }[] }
    expect(stats.days.reduce((total, day) => total + day.count, 0)).toBe(
      demo.counts.auditEvents - 120,
    )
  })

  it('truncate=F cuts successful stream responses halfway and closes the connection', async () => {
    const demo = await start({ truncateRate: 1 })
    const response = await fetch(`${demo.url}/v1/audit-events?limit=50`, {
      headers: { authorization: `Bearer ${demo.keys.full}` },
    })
    expect(response.status).toBe(200)
    await expect(response.text()).rejects.toThrow()
    expect((await getJson(demo, '/v1/organization')).status).toBe(200)
  })
})
