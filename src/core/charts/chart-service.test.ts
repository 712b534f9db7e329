import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventFilter } from '../../shared/filter'
import { parseCidr, parseIpAddress, isInCidr } from '../../shared/ip-address'
import { CoreError } from '../errors'
import { bucketMs, dayMs, floorTo, hourMs } from './buckets'
import { createChartService } from './chart-service'
import {
  generateAudit,
  generateRequests,
  makeChartCache,
  testCountries,
  testEpoch,
  type TestAudit,
  type TestRequest,
} from './chart-test-support'
import { percentileErrorBound } from './histogram'
import { routeOf } from './routes'
import { updateChartRollups } from './rollups'

const span = 10 * dayMs
let charts: ReturnType<typeof makeChartCache>
let service: ReturnType<typeof createChartService>

beforeAll(async () => {
  charts = makeChartCache()
  charts.add({
    requests: generateRequests(11, 3000, testEpoch, span),
    audit: generateAudit(12, 1200, testEpoch, span),
  })
  await updateChartRollups(charts.db, testEpoch, { pause: () => Promise.resolve() })
  service = createChartService(() => charts.db)
})
afterAll(() => {
  service.close()
  charts.close()
})

const keyLast4: Record<string, string> = { key_1: '9f2c', key_2: 'a1b2', key_3: 'zz%_' }
const inCidr = (ip: string | null, cidr: string) => {
  const bytes = ip === null ? undefined : parseIpAddress(ip)
  const block = parseCidr(cidr)
  return bytes !== undefined && block !== undefined && isInCidr(bytes, block)
}

/** The filter, decided by hand for one request (the fields these tests use). */
function requestMatches(request: TestRequest, filter: EventFilter): boolean {
  const key = (value: string) => request.key === value || keyLast4[request.key ?? ''] === value
  const status = (value: string) =>
    value === 'failure'
      ? request.status >= 400
      : value.endsWith('xx')
        ? Math.floor(request.status / 100) === Number(value[0])
        : request.status === Number(value)
  return (
    (filter.from === undefined || request.at >= filter.from) &&
    (filter.to === undefined || request.at < filter.to) &&
    (filter.apiKey === undefined || key(filter.apiKey)) &&
    (filter.status === undefined || status(filter.status)) &&
    (filter.minDurationMs === undefined || request.durationMs > filter.minDurationMs) &&
    (filter.not?.apiKey === undefined || !key(filter.not.apiKey))
  )
}

/** The filter, decided by hand for one sign-in. */
function signInMatches(event: TestAudit, filter: EventFilter): boolean {
  const country = event.ip === null ? undefined : testCountries[event.ip]
  return (
    event.action === 'user.signed_in' &&
    (filter.from === undefined || event.at >= filter.from) &&
    (filter.to === undefined || event.at < filter.to) &&
    (filter.actor === undefined || event.actor === filter.actor) &&
    (filter.status === undefined || event.status === filter.status) &&
    (filter.country === undefined || country === filter.country) &&
    (filter.ip === undefined || inCidr(event.ip, filter.ip)) &&
    (filter.not?.country === undefined || country !== filter.not.country)
  )
}

/** What the range of a filter should be: its from/to within the cache's events. */
function expectedRange(filter: EventFilter) {
  const times = [...charts.requests.map((r) => r.at), ...charts.audit.map((e) => e.at)]
  const from = Math.max(filter.from ?? -Infinity, Math.min(...times))
  const to = Math.min(filter.to ?? Infinity, Math.max(...times) + 1)
  const size = to - from <= 7 * dayMs ? hourMs : dayMs
  return { from, to, size, origin: floorTo(from, size) }
}

const bucketOf = (at: number, range: { origin: number; size: number }) =>
  range.origin + Math.floor((at - range.origin) / range.size) * range.size

function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? Number.NaN
}

const withOrg = (filter: EventFilter): EventFilter => ({
  ...filter,
  connectionId: charts.connectionId,
})

// Ragged ends (not on hour boundaries) so that every source answers a part.
const from = testEpoch + 2 * dayMs + 5 * hourMs + 17 * 60_000
const requestFilters: EventFilter[] = [
  {},
  { from, to: from + 2 * dayMs + 7 * hourMs + 123 },
  { from, to: from + 8 * dayMs + 1 },
  { apiKey: 'key_2', status: '5xx' },
  { status: 'failure', not: { apiKey: '9f2c' } },
  { apiKey: 'zz%_' }, // the last 4 of key_3, with LIKE wildcards in it
  { apiKey: '%' },
  { minDurationMs: 100, from }, // no rollup column: answered from the events
]
const auditFilters: EventFilter[] = [
  {},
  { from, to: from + 2 * dayMs + 7 * hourMs + 123 },
  { actor: 'usr_bo', status: 'failure' },
  { actor: "usr_o'neil" },
  { country: 'RU', from },
  { not: { country: 'US' } },
  { ip: '198.51.100.0/24' },
  { action: 'user.*' },
  { categories: ['authentication'] }, // no rollup column: answered from the events
]

describe('charts of the request log', () => {
  it('count requests per API key and bucket, the busiest keys first, from summaries or events', async () => {
    for (const filter of requestFilters) {
      const out = await service['charts.keyRequests']({ filter: withOrg(filter) })
      const range = expectedRange(filter)
      expect(out.axis).toEqual({
        from: range.from,
        to: range.to,
        bucket: range.size === hourMs ? 'hour' : 'day',
        bucketMs: range.size,
      })
      expect(out.computedFrom).toBe(filter.minDurationMs === undefined ? 'summaries' : 'events')
      const matching = charts.requests.filter((request) => requestMatches(request, filter))
      const totals = new Map<string | null, number>()
      for (const request of matching) totals.set(request.key, (totals.get(request.key) ?? 0) + 1)
      expect(out.keys.map((key) => [key.keyId, key.requests])).toEqual(
        [...totals].sort((a, b) => b[1] - a[1] || (a[0] ?? '').localeCompare(b[0] ?? '')),
      )
      const expected = new Map<number, number[]>()
      for (const request of matching) {
        const start = bucketOf(request.at, range)
        const counts = expected.get(start) ?? new Array<number>(out.keys.length + 1).fill(0)
        const index = out.keys.findIndex((key) => key.keyId === request.key)
        counts[index] = (counts[index] ?? 0) + 1
        expected.set(start, counts)
      }
      expect(out.buckets).toEqual(
        [...expected].sort((a, b) => a[0] - b[0]).map(([start, counts]) => ({ start, counts })),
      )
    }
  })

  it('give error counts and latency percentiles within the stated bound of the exact ones', async () => {
    for (const filter of requestFilters) {
      const out = await service['charts.requestHealth']({ filter: withOrg(filter) })
      const range = expectedRange(filter)
      const byBucket = new Map<number, TestRequest[]>()
      for (const request of charts.requests.filter((each) => requestMatches(each, filter))) {
        const start = bucketOf(request.at, range)
        byBucket.set(start, [...(byBucket.get(start) ?? []), request])
      }
      expect(out.buckets.map((bucket) => bucket.start)).toEqual(
        [...byBucket.keys()].sort((a, b) => a - b),
      )
      for (const bucket of out.buckets) {
        const requests = byBucket.get(bucket.start) ?? []
        expect(bucket.requests).toBe(requests.length)
        expect(bucket.clientErrors).toBe(
          requests.filter((r) => r.status >= 400 && r.status < 500).length,
        )
        expect(bucket.serverErrors).toBe(requests.filter((r) => r.status >= 500).length)
        const durations = requests.map((request) => request.durationMs)
        for (const [p, estimate] of [
          [0.5, bucket.p50],
          [0.95, bucket.p95],
          [0.99, bucket.p99],
        ] as const) {
          const exact = nearestRank(durations, p)
          if (exact < 1) expect(estimate).toBe(0.5)
          else
            expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(
              percentileErrorBound + 1e-9,
            )
        }
      }
    }
  })

  it('rank routes with ids grouped, and give filters that find exactly their requests', async () => {
    for (const filter of requestFilters) {
      const out = await service['charts.topEndpoints']({ filter: withOrg(filter) })
      const totals = new Map<string, { requests: number; errors: number }>()
      for (const request of charts.requests.filter((each) => requestMatches(each, filter))) {
        const { route, endpointFilter } = routeOf(request.endpoint)
        const key = JSON.stringify([route, endpointFilter])
        const entry = totals.get(key) ?? { requests: 0, errors: 0 }
        entry.requests += 1
        entry.errors += request.status >= 400 ? 1 : 0
        totals.set(key, entry)
      }
      const expected = [...totals]
        .map(([key, counts]) => {
          const [route, endpointFilter] = JSON.parse(key) as [string, string | null]
          return { route, endpointFilter, ...counts }
        })
        .sort((a, b) => b.requests - a.requests || a.route.localeCompare(b.route))
      expect(out.endpoints.map(({ isExact: _, ...rest }) => rest)).toEqual(expected.slice(0, 10))
      expect(out.others.routes).toBe(Math.max(0, expected.length - 10))
    }
    const all = await service['charts.topEndpoints']({ filter: withOrg({}) })
    expect(all.endpoints.map((endpoint) => endpoint.route)).toContain('/v1/documents/doc_{id}')
    expect(all.endpoints.find((endpoint) => endpoint.route === '/v1/templates')?.isExact).toBe(true)
  })

  it('return key names from the log as they are, however hostile', async () => {
    const out = await service['charts.keyRequests']({ filter: withOrg({}) })
    expect(out.keys.find((key) => key.keyId === 'key_2')?.name).toBe(
      '<img src=x onerror=alert(1)> \u202Eevil',
    )
    expect(out.keys.find((key) => key.keyId === 'key_3')).toMatchObject({
      name: null,
      last4: 'zz%_',
    })
    expect(out.keys.find((key) => key.keyId === null)).toMatchObject({ name: null, last4: null })
  })
})

describe('charts of sign-ins', () => {
  it('count successful and failed sign-ins per bucket, from summaries or events', async () => {
    for (const filter of auditFilters) {
      const out = await service['charts.signIns']({ filter: withOrg(filter) })
      const range = expectedRange(filter)
      expect(out.computedFrom).toBe(filter.categories === undefined ? 'summaries' : 'events')
      const expected = new Map<number, { start: number; success: number; failure: number }>()
      for (const event of charts.audit.filter((each) => signInMatches(each, filter))) {
        const start = bucketOf(event.at, range)
        const entry = expected.get(start) ?? { start, success: 0, failure: 0 }
        entry[event.status] += 1
        expected.set(start, entry)
      }
      expect(out.buckets).toEqual([...expected.values()].sort((a, b) => a.start - b.start))
    }
  })

  it('count failed sign-ins by UTC weekday (Monday first) and hour', async () => {
    for (const filter of auditFilters) {
      const out = await service['charts.failedSignInHours']({ filter: withOrg(filter) })
      const expected = new Map<string, number>()
      for (const event of charts.audit.filter(
        (each) => each.status === 'failure' && signInMatches(each, filter),
      )) {
        const date = new Date(event.at)
        const key = `${String((date.getUTCDay() + 6) % 7)}:${String(date.getUTCHours())}`
        expected.set(key, (expected.get(key) ?? 0) + 1)
      }
      expect(
        Object.fromEntries(
          out.cells.map((cell) => [`${String(cell.weekday)}:${String(cell.hour)}`, cell.failures]),
        ),
      ).toEqual(Object.fromEntries(expected))
      expect(out.total).toBe([...expected.values()].reduce((a, b) => a + b, 0))
    }
  })

  it('count sign-ins per country of their address, unknown ones together', async () => {
    for (const filter of auditFilters) {
      const out = await service['charts.signInCountries']({ filter: withOrg(filter) })
      const expected = new Map<string | null, { success: number; failure: number }>()
      for (const event of charts.audit.filter((each) => signInMatches(each, filter))) {
        const country = (event.ip === null ? undefined : testCountries[event.ip]) ?? null
        const entry = expected.get(country) ?? { success: 0, failure: 0 }
        entry[event.status] += 1
        expected.set(country, entry)
      }
      expect(
        [...out.countries].sort((a, b) => (a.country ?? '').localeCompare(b.country ?? '')),
      ).toEqual(
        [...expected]
          .map(([country, counts]) => ({ country, ...counts }))
          .sort((a, b) => (a.country ?? '').localeCompare(b.country ?? '')),
      )
    }
  })

  it('are empty, not wrong, when the filter excludes sign-ins or the range holds no events', async () => {
    const none = await service['charts.signIns']({ filter: withOrg({ action: 'template.*' }) })
    expect(none.buckets).toEqual([])
    const later = { from: testEpoch + 40 * dayMs }
    expect((await service['charts.signIns']({ filter: withOrg(later) })).axis).toBeNull()
    expect((await service['charts.topEndpoints']({ filter: withOrg(later) })).endpoints).toEqual([])
    await expect(service['charts.signIns']({ filter: {} })).rejects.toBeInstanceOf(CoreError)
  })
})

describe('charts while the summaries lag behind', () => {
  it('read the events until the summaries include every stored event', async () => {
    const extra = generateRequests(13, 50, testEpoch + 3 * dayMs, dayMs)
    charts.add({ requests: extra })
    const stale = await service['charts.keyRequests']({ filter: withOrg({}) })
    expect(stale.computedFrom).toBe('events')
    expect(stale.keys.reduce((sum, key) => sum + key.requests, 0)).toBe(charts.requests.length)
    await updateChartRollups(charts.db, testEpoch, { pause: () => Promise.resolve() })
    const fresh = await service['charts.keyRequests']({ filter: withOrg({}) })
    expect(fresh.computedFrom).toBe('summaries')
    expect(fresh.buckets).toEqual(stale.buckets)
    expect(bucketMs('day')).toBe(dayMs)
  })
})
