import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openGeo } from './geo'
import type { GroundTruthIncident } from './ground-truth'
import { startDemoServer, type DemoServer } from './index'
import { localClock } from './time'
import { fixedNow, pageAll, type Page } from './test-support'

type Event = Page['data'][number] & {
  action: string
  status: string
  ip_address: string | null
  actor: { id: string; type: string }
  resource: { id: string } | null
  metadata: Record<string, unknown>
}
type Entry = Page['data'][number] & { api_key: { id: string } | null; ip_address: string | null }

let server: DemoServer
let audit: Event[] = []
let requests: Entry[] = []

beforeAll(async () => {
  server = await startDemoServer({
    seed: 9,
    auditEvents: 2_000,
    requestLogs: 5_000,
    days: 30,
    now: () => fixedNow,
  })
  audit = (await pageAll(server, 'audit-events', 1000)) as Event[] // served events have the audit shape (generator.test.ts checks it)
  requests = (await pageAll(server, 'request-logs', 1000)) as Entry[]
})
afterAll(async () => {
  await server.close()
})

const incident = (scenario: string): GroundTruthIncident => {
  const found = server.groundTruth.incidents.find((entry) => entry.scenario === scenario)
  if (found === undefined) throw new Error(`no ${scenario}`)
  return found
}
const pick = <T extends { id: string }>(list: T[], ids: string[]): T[] =>
  list.filter((entry) => ids.includes(entry.id))
const spanMinutes = (list: { occurred_at: string }[]): number => {
  const times = list.map((entry) => Date.parse(entry.occurred_at))
  return (Math.max(...times) - Math.min(...times)) / 60_000
}
const injected = (): Set<string> =>
  new Set(
    server.groundTruth.incidents.flatMap((entry) => [
      ...entry.auditEventIds,
      ...entry.requestLogIds,
    ]),
  )
const background = (): Event[] => audit.filter((event) => !injected().has(event.id))
const failedSignIns = (list: Event[]): Event[] =>
  list.filter((event) => event.action === 'user.signed_in' && event.status === 'failure')
const hourOf = (entry: { occurred_at: string }): number =>
  Math.floor(Date.parse(entry.occurred_at) / 3_600_000)

describe('injected incidents match their ground truth, and normal activity never resembles them', () => {
  it('brute force: many failed sign-ins against one user from one address within minutes', () => {
    const truth = incident('brute-force')
    const events = pick(audit, truth.auditEventIds)
    expect(events.length).toBeGreaterThanOrEqual(20)
    expect(failedSignIns(events)).toHaveLength(events.length)
    expect(new Set(events.map((event) => `${event.actor.id}|${event.ip_address ?? ''}`))).toEqual(
      new Set([`${truth.actors[0]?.id ?? ''}|${truth.ipAddresses[0] ?? ''}`]),
    )
    expect(spanMinutes(events)).toBeLessThan(15)
    const perUserHour = new Map<string, number>()
    for (const event of failedSignIns(background())) {
      const key = `${event.actor.id}|${hourOf(event)}`
      perUserHour.set(key, (perUserHour.get(key) ?? 0) + 1)
    }
    expect(Math.max(0, ...perUserHour.values())).toBeLessThanOrEqual(2)
  })

  it('password spraying: one address, failed sign-ins for many different users', () => {
    const truth = incident('password-spraying')
    const events = pick(audit, truth.auditEventIds)
    expect(failedSignIns(events)).toHaveLength(events.length)
    expect(new Set(events.map((event) => event.ip_address))).toEqual(new Set(truth.ipAddresses))
    expect(new Set(events.map((event) => event.actor.id)).size).toBeGreaterThanOrEqual(20)
    const usersPerAddress = new Map<string, Set<string>>()
    for (const event of failedSignIns(background())) {
      usersPerAddress.set(
        event.ip_address ?? '',
        (usersPerAddress.get(event.ip_address ?? '') ?? new Set()).add(event.actor.id),
      )
    }
    expect(Math.max(0, ...[...usersPerAddress.values()].map((users) => users.size))).toBe(1)
  })

  it('new-country sign-in: a success from a country the user never used otherwise', () => {
    const truth = incident('new-country-sign-in')
    const [signIn] = pick(audit, truth.auditEventIds)
    expect(signIn?.action).toBe('user.signed_in')
    expect(signIn?.status).toBe('success')
    const geo = openGeo()
    const country = geo.countryOf(signIn?.ip_address ?? '')
    expect(country).toBe(truth.details.country)
    const usual = background().filter(
      (event) => event.actor.id === signIn?.actor.id && event.ip_address !== null,
    )
    expect(usual.length).toBeGreaterThan(0)
    expect(usual.map((event) => geo.countryOf(event.ip_address ?? ''))).not.toContain(country)
  })

  it('night API key: created between midnight and 5 a.m. local time by a member who never created one', () => {
    const truth = incident('night-api-key-creation')
    const [event] = pick(audit, truth.auditEventIds)
    expect(event?.action).toBe('api_key.created')
    const { hour } = localClock(
      String(truth.details.timeZone),
      Date.parse(event?.occurred_at ?? ''),
    )
    expect(hour).toBeLessThan(5)
    const creations = audit.filter((entry) => entry.action === 'api_key.created')
    expect(creations.filter((entry) => entry.actor.id === event?.actor.id)).toHaveLength(1)
  })

  it('bulk deletion: over 100 template deletions by one actor within minutes; nobody else deletes more than 10 an hour', () => {
    const truth = incident('bulk-template-deletion')
    const events = pick(audit, truth.auditEventIds)
    expect(events.length).toBeGreaterThan(100)
    expect(new Set(events.map((event) => `${event.action}|${event.actor.id}`)).size).toBe(1)
    expect(events[0]?.action).toBe('template.deleted')
    expect(spanMinutes(events)).toBeLessThan(10)
    const perActorHour = new Map<string, number>()
    for (const event of background().filter((entry) => entry.action === 'template.deleted')) {
      perActorHour.set(
        `${event.actor.id}|${hourOf(event)}`,
        (perActorHour.get(`${event.actor.id}|${hourOf(event)}`) ?? 0) + 1,
      )
    }
    expect(Math.max(0, ...perActorHour.values())).toBeLessThanOrEqual(10)
  })

  it('leaked key: hourly use jumps over tenfold, from addresses the key never used before', () => {
    const truth = incident('leaked-api-key')
    const keyId = truth.apiKeys[0]?.id
    const leaked = pick(requests, truth.requestLogIds)
    expect(new Set(leaked.map((entry) => entry.api_key?.id))).toEqual(new Set([keyId]))
    const start = Date.parse(truth.window.start)
    const before = requests.filter(
      (entry) => entry.api_key?.id === keyId && Date.parse(entry.occurred_at) < start,
    )
    const knownAddresses = new Set(before.map((entry) => entry.ip_address))
    for (const entry of leaked) expect(knownAddresses.has(entry.ip_address)).toBe(false)
    const hours = Math.max(1, (start - Date.parse(server.groundTruth.historyStart)) / 3_600_000)
    const usual = before.length / hours
    for (const hour of new Set(leaked.map(hourOf))) {
      const inHour = requests.filter(
        (entry) => entry.api_key?.id === keyId && hourOf(entry) === hour,
      ).length
      expect(inHour).toBeGreaterThanOrEqual(10 * Math.max(usual, 1))
    }
  })

  it('role escalation: a change to owner, then removals by the new owner; no other change to owner', () => {
    const truth = incident('role-escalation')
    const [change, ...removals] = pick(audit, truth.auditEventIds)
    expect(change?.action).toBe('member.role_changed')
    expect(change?.metadata.to_role).toBe('owner')
    expect(removals.length).toBeGreaterThanOrEqual(3)
    for (const removal of removals) {
      expect(removal.action).toBe('member.removed')
      expect(removal.actor.id).toBe(change?.resource?.id)
      expect(Date.parse(removal.occurred_at)).toBeGreaterThan(Date.parse(change?.occurred_at ?? ''))
    }
    expect(
      background().filter(
        (event) => event.action === 'member.role_changed' && event.metadata.to_role === 'owner',
      ),
    ).toEqual([])
    const removedIds = new Set(removals.map((removal) => removal.resource?.id))
    const lastRemoval = Math.max(...removals.map((removal) => Date.parse(removal.occurred_at)))
    const later = audit.filter(
      (event) => removedIds.has(event.actor.id) && Date.parse(event.occurred_at) > lastRemoval,
    )
    expect(later).toEqual([])
  })
})

describe('determinism', () => {
  it('generates the same events for the same seed and clock, different ones for another seed, and fresh keys per launch', async () => {
    const again = await startDemoServer({
      seed: 9,
      auditEvents: 2_000,
      requestLogs: 5_000,
      days: 30,
      now: () => fixedNow,
    })
    const other = await startDemoServer({
      seed: 10,
      auditEvents: 2_000,
      requestLogs: 5_000,
      days: 30,
      now: () => fixedNow,
    })
    try {
      expect(await pageAll(again, 'audit-events', 1000)).toEqual(audit)
      expect(await pageAll(again, 'request-logs', 1000)).toEqual(requests)
      expect(again.groundTruth).toEqual(server.groundTruth)
      expect((await pageAll(other, 'audit-events', 1000)).map((event) => event.id)).not.toEqual(
        audit.map((event) => event.id),
      )
      expect(again.keys.full).not.toBe(server.keys.full)
      for (const key of Object.values(again.keys)) expect(key).toMatch(/^adk_live_[A-Za-z0-9]{32}$/)
    } finally {
      await again.close()
      await other.close()
    }
  })
})
