import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { openGeo } from './geo'
import { startDemoServer, type DemoServer } from './index'
import { actionCategories } from './records'
import { fixedNow, pageAll, type Page } from './test-support'

let server: DemoServer
let audit: Page['data'] = []
let requests: Page['data'] = []
const geo = openGeo()

beforeAll(async () => {
  server = await startDemoServer({
    seed: 5,
    auditEvents: 2_000,
    requestLogs: 5_000,
    days: 30,
    now: () => fixedNow,
  })
  audit = await pageAll(server, 'audit-events', 1000)
  requests = await pageAll(server, 'request-logs', 1000)
})
afterAll(async () => {
  await server.close()
})

const time = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
const id = z.string().min(1).max(64)
const auditSchema = z.strictObject({
  id,
  seq: z.number().int().positive(),
  occurred_at: time,
  recorded_at: time,
  action: z.string(),
  category: z.string(),
  actor: z.union([
    z.strictObject({ type: z.literal('user'), id, email: z.email(), name: z.string().nullable() }),
    z.strictObject({
      type: z.literal('api_key'),
      id,
      last4: z.string().length(4),
      name: z.string().nullable(),
    }),
    z.strictObject({
      type: z.literal('system'),
      id: z.literal('system'),
      name: z.string().nullable(),
    }),
  ]),
  resource: z.strictObject({ type: z.string(), id, name: z.string().nullable() }).nullable(),
  ip_address: z.union([z.ipv4(), z.ipv6()]).nullable(),
  user_agent: z.string().nullable(),
  status: z.enum(['success', 'failure']),
  failure_reason: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
})
const requestSchema = z.strictObject({
  id,
  seq: z.number().int().positive(),
  occurred_at: time,
  recorded_at: time,
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
  endpoint: z.string().startsWith('/v1/'),
  status_code: z.number().int().min(200).max(599),
  duration_ms: z.number().int().positive(),
  api_key: z.strictObject({ id, last4: z.string().length(4), name: z.string() }).nullable(),
  ip_address: z.ipv4().nullable(),
  user_agent: z.string().nullable(),
  error_code: z.string().nullable(),
})

type Audit = z.infer<typeof auditSchema>
type Request = z.infer<typeof requestSchema>
const audits = (): Audit[] => audit.map((event) => auditSchema.parse(event))
const logs = (): Request[] => requests.map((entry) => requestSchema.parse(entry))
const incidentIds = (): Set<string> =>
  new Set(
    server.groundTruth.incidents.flatMap((entry) => [
      ...entry.auditEventIds,
      ...entry.requestLogIds,
    ]),
  )
const byId = <T extends { id: string }>(list: T[], ids: string[]): T[] =>
  ids
    .map((wanted) => list.find((entry) => entry.id === wanted))
    .filter((entry): entry is T => entry !== undefined)

describe('the generated organization', () => {
  it('has the contract shapes, every action with its category, failed logins as user.signed_in failures', () => {
    const events = audits()
    logs()
    const seen = new Map(events.map((event) => [event.action, event.category]))
    expect(Object.fromEntries(seen)).toEqual(actionCategories)
    for (const event of events.filter(
      (entry) => entry.status === 'failure' && entry.category === 'authentication',
    )) {
      expect(event.action).toBe('user.signed_in')
      expect(event.failure_reason).not.toBeNull()
    }
    for (const event of events.filter((entry) => entry.action === 'member.role_changed'))
      expect(Object.keys(event.metadata).sort()).toEqual(['from_role', 'to_role'])
    for (const event of events.filter((entry) => entry.action === 'billing.updated')) {
      for (const change of Object.values(event.metadata.changes as Record<string, unknown>))
        expect(Object.keys(change as object)).toEqual(['from', 'to'])
    }
    expect(new Set(events.map((event) => event.actor.type))).toEqual(
      new Set(['user', 'api_key', 'system']),
    )
    expect(events.some((event) => event.resource === null)).toBe(true)
  })

  it('has realistic request logs: keyless requests, an error mix and 8 integration keys', () => {
    const entries = logs()
    const keyless = entries.filter((entry) => entry.api_key === null)
    expect(keyless.length).toBeGreaterThan(10)
    for (const entry of keyless) expect(entry.status_code).toBe(401)
    expect(new Set(entries.map((entry) => entry.api_key?.id)).size).toBe(9)
    const errors = entries.filter((entry) => entry.status_code >= 400 && entry.api_key !== null)
    expect(errors.length / entries.length).toBeGreaterThan(0.02)
    expect(errors.length / entries.length).toBeLessThan(0.15)
    expect(new Set(errors.map((entry) => entry.status_code)).size).toBeGreaterThan(4)
    for (const entry of errors) expect(entry.error_code).not.toBeNull()
  })

  it('gives every member and integration addresses in one home country, per the offline database', () => {
    const ignored = incidentIds()
    const countries = new Map<string, Set<string>>()
    const note = (who: string, ip: string | null): void => {
      if (ip === null) return
      countries.set(who, (countries.get(who) ?? new Set()).add(geo.countryOf(ip) ?? 'unknown'))
    }
    for (const event of audits())
      if (!ignored.has(event.id) && event.actor.type !== 'system')
        note(event.actor.id, event.ip_address)
    for (const entry of logs())
      if (!ignored.has(entry.id) && entry.api_key !== null) note(entry.api_key.id, entry.ip_address)
    expect(countries.size).toBeGreaterThan(50)
    for (const [who, found] of countries) expect([...found], who).toHaveLength(1)
    expect(
      new Set([...countries.values()].flatMap((found) => [...found])).size,
    ).toBeGreaterThanOrEqual(12)
  })

  it('writes the ground truth file and lists each scenario once, with ids that exist inside the window', () => {
    expect(JSON.parse(fs.readFileSync(server.groundTruthPath, 'utf8'))).toEqual(server.groundTruth)
    const scenarios = server.groundTruth.incidents.map((entry) => entry.scenario).sort()
    expect(scenarios).toEqual([
      'brute-force',
      'bulk-template-deletion',
      'leaked-api-key',
      'new-country-sign-in',
      'night-api-key-creation',
      'password-spraying',
      'role-escalation',
    ])
    for (const entry of server.groundTruth.incidents) {
      const found = [...byId(audit, entry.auditEventIds), ...byId(requests, entry.requestLogIds)]
      expect(found).toHaveLength(entry.auditEventIds.length + entry.requestLogIds.length)
      expect(found.length).toBeGreaterThan(0)
      for (const event of found) {
        expect(
          event.occurred_at >= entry.window.start && event.occurred_at <= entry.window.end,
        ).toBe(true)
      }
    }
  })
})
