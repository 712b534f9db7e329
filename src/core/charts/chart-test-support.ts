// Test support for the charts: a real cache in a temp directory that generated events are added
// to in pages (as a sync stores them), and the events kept in memory so tests can count what the
// charts should say by hand. Used by tests only.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Random } from '../../demo-org/random'
import { refreshIpCountries } from '../geo/ip-countries'
import { openDatabase, type OpenDatabase } from '../store/database'
import { createSyncStore } from '../store/sync-store'
import { parsePage } from '../sync/page-parser'
import { pageBytes } from '../sync/test-events'

/** 2026-11-02 00:00 UTC (a Monday): the start of test time. */
export const testEpoch = Date.UTC(2026, 10, 2)

/** A request as generated (the fields the charts read). */
export type TestRequest = {
  id: string
  at: number
  key: string | null
  status: number
  durationMs: number
  endpoint: string
  ip: string
}

/** A sign-in or other audit event as generated. */
export type TestAudit = {
  id: string
  at: number
  action: string
  actor: string
  ip: string | null
  status: 'success' | 'failure'
}

/** Countries the test lookup places the generated addresses in (the rest are unknown). */
export const testCountries: Record<string, string> = {
  '198.51.100.1': 'US',
  '198.51.100.2': 'DE',
  '198.51.100.3': 'RU',
  '2001:db8::7': 'BR',
}

const keys = [
  { id: 'key_1', last4: '9f2c', name: 'CI pipeline' },
  { id: 'key_2', last4: 'a1b2', name: '<img src=x onerror=alert(1)> \u202Eevil' },
  { id: 'key_3', last4: 'zz%_', name: null },
]
const endpoints = [
  () => '/v1/documents/generate',
  () => '/v1/templates',
  (random: Random, at: number) => `/v1/documents/${random.ulid('doc', at)}`,
  (random: Random) => `/v1/projects/${String(random.int(1, 9999))}`,
  () => "/v1/x?q='; DROP TABLE request_logs; --",
  () => '/v1/100%_done*',
]
const statuses = [200, 200, 200, 201, 404, 429, 500, 503]
const addresses = ['198.51.100.1', '198.51.100.2', '198.51.100.3', '203.0.113.9', '2001:db8::7']
const actors = ['usr_ana', 'usr_bo', "usr_o'neil", 'usr_\u0000nul']

/** Generates `count` requests over [from, from + spanMs), deterministic for a seed. */
export function generateRequests(seed: number, count: number, from: number, spanMs: number) {
  const random = new Random(seed, 'chart-requests')
  return Array.from({ length: count }, (_, index): TestRequest => {
    const at = from + random.int(0, spanMs - 1)
    const key = random.chance(0.1) ? null : (keys[random.int(0, keys.length - 1)]?.id ?? null)
    const make = endpoints[random.int(0, endpoints.length - 1)] ?? endpoints[0]
    return {
      id: `req_${String(seed)}_${String(index)}`,
      at,
      key,
      status: statuses[random.int(0, statuses.length - 1)] ?? 200,
      // Mostly whole milliseconds, some fractions and sub-millisecond ones, a few very slow.
      durationMs: random.chance(0.05)
        ? random.next()
        : Math.round(random.logNormal(120, 1.2) * 10) / 10,
      endpoint: make?.(random, at) ?? '/',
      ip: addresses[random.int(0, addresses.length - 1)] ?? '198.51.100.1',
    }
  })
}

/** Generates `count` audit events, most of them sign-ins, deterministic for a seed. */
export function generateAudit(seed: number, count: number, from: number, spanMs: number) {
  const random = new Random(seed, 'chart-audit')
  return Array.from({ length: count }, (_, index): TestAudit => ({
    id: `evt_${String(seed)}_${String(index)}`,
    at: from + random.int(0, spanMs - 1),
    action: random.chance(0.8) ? 'user.signed_in' : 'template.updated',
    actor: actors[random.int(0, actors.length - 1)] ?? 'usr_ana',
    ip: random.chance(0.1) ? null : (addresses[random.int(0, addresses.length - 1)] ?? null),
    status: random.chance(0.3) ? 'failure' : 'success',
  }))
}

const auditJson = (event: TestAudit, seq: number) => ({
  id: event.id,
  seq,
  occurred_at: new Date(event.at).toISOString(),
  recorded_at: new Date(event.at + 250).toISOString(),
  action: event.action,
  category: event.action === 'user.signed_in' ? 'authentication' : 'templates',
  actor: { type: 'user', id: event.actor, email: `${event.actor}@acme.example`, name: null },
  resource: null,
  ip_address: event.ip,
  user_agent: 'Mozilla/5.0',
  status: event.status,
  failure_reason: event.status === 'failure' ? 'invalid_password' : null,
  metadata: {},
})

const requestJson = (request: TestRequest, seq: number) => ({
  id: request.id,
  seq,
  occurred_at: new Date(request.at).toISOString(),
  recorded_at: new Date(request.at + 5).toISOString(),
  method: 'GET',
  endpoint: request.endpoint,
  status_code: request.status,
  duration_ms: request.durationMs,
  api_key: request.key === null ? null : (keys.find((key) => key.id === request.key) ?? null),
  ip_address: request.ip,
  user_agent: 'acme-sdk/2.1',
  error_code: null,
})

/** A fresh cache with one organization; add events in pages (one sync each), then close it. */
export function makeChartCache() {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-desk-charts-'))
  const opened: OpenDatabase = openDatabase(directory, testEpoch)
  const store = createSyncStore(opened.db)
  const connection = store.ensureConnection('http://127.0.0.1:1', 'org_charts', 'Charts', 0)
  const seqs = { 'audit-events': 0, 'request-logs': 0 }
  const apply = (stream: 'audit-events' | 'request-logs', events: Record<string, unknown>[]) => {
    if (events.length === 0) return
    const page = parsePage(stream, pageBytes(events))
    if ('code' in page) throw new Error(page.message)
    store.applyPage({
      connectionId: connection.id,
      stream,
      runId: store.startRun(connection.id, stream, 0),
      items: page.items,
      nextCursor: 'c',
      oldestAvailableAt: 0,
      gapReason: 'seq_jump',
      now: 0,
    })
  }
  const requests: TestRequest[] = []
  const audit: TestAudit[] = []
  return {
    db: opened.db,
    connectionId: connection.id,
    requests,
    audit,
    /** Stores events as one sync would (one page per stream), then places their countries. */
    add(batch: { requests?: TestRequest[]; audit?: TestAudit[] }): void {
      apply(
        'request-logs',
        (batch.requests ?? []).map((request) => requestJson(request, ++seqs['request-logs'])),
      )
      apply(
        'audit-events',
        (batch.audit ?? []).map((event) => auditJson(event, ++seqs['audit-events'])),
      )
      requests.push(...(batch.requests ?? []))
      audit.push(...(batch.audit ?? []))
      refreshIpCountries(opened.db, (ip) => testCountries[ip])
    },
    close: (): void => {
      opened.close()
      fs.rmSync(directory, { recursive: true, force: true })
    },
  }
}
