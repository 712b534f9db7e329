// Alert rules end to end through the dispatcher, against the demo organization: the built-in
// rules on its role changes, new keys and removals; a user rule with CIDR and country conditions;
// nothing doubled by syncing again; a sync cancelled mid-way and resumed raising each alert once;
// hostile rules refused with the field and the fix named.
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Alert, AlertRule } from '../../src/shared/alert-schemas'
import type { CoreEvent, EventPayload } from '../../src/shared/contract'
import type { MethodName } from '../../src/shared/method-names'
import { createDispatcher } from '../../src/core/dispatcher'
import { silentLogger } from '../../src/core/ports'
import { databaseFileName } from '../../src/core/store/database'
import { startDemoServer, type DemoServer } from '../../src/demo-org/index'
import { makeTempDir } from '../helpers/temp-dir'
import { makeTestCore } from '../helpers/test-core'

type Outcome =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; error: { code: string; message: string } }

const builtIns = {
  'builtin.api-key-created': 'api_key.created',
  'builtin.role-changed': 'member.role_changed',
  'builtin.member-removed': 'member.removed',
} as const

function startSession(demo: DemoServer) {
  const temp = makeTempDir()
  const notifications: { title: string; body: string }[] = []
  const events: CoreEvent[] = []
  /** Called with every event as the core emits it (synchronously, as a host would see it). */
  let onEvent: (event: CoreEvent) => void = () => undefined
  const session = makeTestCore(temp.dir, {
    clock: Date.now,
    demo: { start: () => Promise.resolve({ url: demo.url, apiKey: demo.keys.full }) },
    notify: (title, body) => notifications.push({ title, body }),
    reviewer: () => 'Ana Auditor',
    emit: (event) => {
      events.push(event)
      onEvent(event)
    },
  })
  const dispatch = createDispatcher(session.core.handlers, silentLogger)
  const call = async (method: MethodName, input: unknown = {}) =>
    (await dispatch(method, input)) as Outcome
  const value = async (method: MethodName, input: unknown = {}) => {
    const result = await call(method, input)
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
    return result.value
  }
  const finishedSyncs = async (count: number) => {
    for (let waited = 0; waited < 60_000; waited += 20) {
      if (events.filter((event) => event.name === 'sync.finished').length >= count) return
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    throw new Error(`${String(count)} syncs did not finish`)
  }
  const raisedEvents = (): EventPayload<'alerts.raised'>[] =>
    events.flatMap((event) => (event.name === 'alerts.raised' ? [event.payload] : []))
  const alerts = async (connectionId: string, list: 'raised' | 'historical') =>
    (await value('alerts.list', { connectionId, list, limit: 500 })).alerts as Alert[]
  const cache = () => new Database(path.join(temp.dir, databaseFileName), { readonly: true })
  const close = () => {
    session.core.close()
    temp.remove()
  }
  return {
    call,
    value,
    events,
    finishedSyncs,
    raisedEvents,
    alerts,
    cache,
    notifications,
    setOnEvent: (listener: (event: CoreEvent) => void) => {
      onEvent = listener
    },
    close,
  }
}

type Session = ReturnType<typeof startSession>

/** `rule event` for each alert, sorted: what was raised, comparable as a set. */
const pairs = (list: readonly Alert[]) =>
  list.map((alert) => `${alert.ruleId} ${alert.event.id}`).sort()

/** What the built-in rules must have matched among the cached events with seq in (after, upto]. */
function expectedBuiltIns(session: Session, after: number, upto = Number.MAX_SAFE_INTEGER) {
  const db = session.cache()
  try {
    return Object.entries(builtIns)
      .flatMap(([rule, action]) =>
        db
          .prepare<[string, number, number], { id: string }>(
            "SELECT id FROM audit_events WHERE action = ? AND status = 'success' AND seq > ? AND seq <= ?",
          )
          .all(action, after, upto)
          .map((row) => `${rule} ${row.id}`),
      )
      .sort()
  } finally {
    db.close()
  }
}

describe('alert rules on the demo organization', () => {
  let demo: DemoServer
  let session: Session
  let connectionId: string
  beforeAll(async () => {
    demo = await startDemoServer({ seed: 11, auditEvents: 3_000, requestLogs: 1_000, days: 10 })
    session = startSession(demo)
    connectionId = (await session.value('demo.start')).connectionId as string
    await session.finishedSyncs(1)
  })
  afterAll(async () => {
    session.close()
    await demo.close()
  })

  it('records the first sync’s matches of the built-in rules as history, without notifying', async () => {
    const history = await session.alerts(connectionId, 'historical')
    expect(history.length).toBeGreaterThan(0)
    expect(pairs(history)).toEqual(expectedBuiltIns(session, 0))
    // The injected incidents' key creation and role escalation are among them.
    const alerted = new Set(history.map((alert) => alert.event.id))
    for (const scenario of ['night-api-key-creation', 'role-escalation']) {
      const incident = demo.groundTruth.incidents.find((each) => each.scenario === scenario)
      expect(
        incident?.auditEventIds.some((id) => alerted.has(id)),
        scenario,
      ).toBe(true)
    }
    expect(await session.alerts(connectionId, 'raised')).toEqual([])
    expect(session.raisedEvents()).toEqual([])
    expect(session.notifications).toEqual([])
    expect(await session.value('alerts.summary', { connectionId })).toMatchObject({
      unread: 0,
      raised: 0,
      historical: history.length,
      isLive: true,
    })
  })

  it('raises a new key, a role change and a removal after the next sync, once, with one notification', async () => {
    const before = (await session.value('alerts.summary', { connectionId })).watermarkSeq as number
    const injected = ['api_key.created', 'member.role_changed', 'member.removed'].map(
      (action) => demo.appendLiveAuditEvent(action)?.id,
    )
    await session.value('sync.start', { connectionId })
    await session.finishedSyncs(2)
    const raised = await session.alerts(connectionId, 'raised')
    expect(pairs(raised)).toEqual(expectedBuiltIns(session, before))
    for (const id of injected) expect(raised.map((alert) => alert.event.id)).toContain(id)
    const [announced] = session.raisedEvents()
    expect(announced?.count).toBe(raised.length)
    expect(announced?.organizationName).toBe(demo.organization.name)
    expect(session.notifications).toHaveLength(1)
    expect(session.notifications[0]?.title).toMatch(/^\d+ new alerts? · /)
    // The same sync again: nothing new, nothing doubled.
    await session.value('sync.start', { connectionId })
    await session.finishedSyncs(3)
    expect(pairs(await session.alerts(connectionId, 'raised'))).toEqual(pairs(raised))
    expect(session.raisedEvents()).toHaveLength(1)
    expect(session.notifications).toHaveLength(1)
  })

  it('marks alerts read with the reviewer’s stamp, one by one or all at once', async () => {
    const [first] = await session.alerts(connectionId, 'raised')
    if (first === undefined) throw new Error('no alert raised')
    const one = await session.value('alerts.markRead', { connectionId, alertIds: [first.id] })
    expect(one.changed).toBe(1)
    const [read] = (await session.alerts(connectionId, 'raised')).filter(
      (alert) => alert.id === first.id,
    )
    expect(read?.readBy).toBe('Ana Auditor')
    const all = await session.value('alerts.markRead', { connectionId })
    expect(all.unread).toBe(0)
    const unread = await session.value('alerts.markRead', {
      connectionId,
      alertIds: [first.id],
      isRead: false,
    })
    expect(unread).toEqual({ changed: 1, unread: 1 })
  })
})

describe('a user rule with CIDR and country conditions', () => {
  let demo: DemoServer
  let session: Session
  let connectionId: string
  beforeAll(async () => {
    demo = await startDemoServer({ seed: 12, auditEvents: 2_000, requestLogs: 500, days: 6 })
    session = startSession(demo)
    connectionId = (await session.value('demo.start')).connectionId as string
    await session.finishedSyncs(1)
  })
  afterAll(async () => {
    session.close()
    await demo.close()
  })

  it('raises only events from inside the block and the country', async () => {
    // A placed address of the demo organization's members, and its country.
    const db = session.cache()
    const placed = db
      .prepare<[], { ip: string; country: string }>(
        "SELECT c.ip, c.country FROM ip_countries AS c WHERE c.country IS NOT NULL AND c.ip LIKE '%.%' LIMIT 1",
      )
      .get()
    db.close()
    if (placed === undefined) throw new Error('no placed IPv4 address in the demo cache')
    const block = `${placed.ip.split('.').slice(0, 3).join('.')}.0/24`
    const otherCountry = placed.country === 'RU' ? 'BR' : 'RU'
    const rule = (name: string, country: string, isNegated = false) =>
      session.value('alertRules.save', {
        rule: {
          name,
          severity: 'high',
          conditions: {
            action: 'template.*',
            ip: { value: block },
            country: { value: country.toLowerCase(), isNegated },
          },
        },
      }) as Promise<AlertRule>
    const inside = await rule('Templates from the block and its country', placed.country)
    const elsewhere = await rule('Templates from the block in another country', otherCountry)
    const notThere = await rule(
      'Templates from the block outside its country',
      placed.country,
      true,
    )
    expect(inside.createdBy).toBe('Ana Auditor')
    expect(inside.conditions.country).toEqual({ value: placed.country, isNegated: false })

    const outsideIp = placed.ip.startsWith('198.') ? '203.0.113.9' : '198.51.100.9'
    const matching = demo.appendLiveAuditEvent('template.updated', { ipAddress: placed.ip })
    demo.appendLiveAuditEvent('template.updated', { ipAddress: outsideIp })
    await session.value('sync.start', { connectionId })
    await session.finishedSyncs(2)
    const raised = await session.alerts(connectionId, 'raised')
    const byRule = (id: string) => raised.filter((alert) => alert.ruleId === id)
    expect(byRule(inside.id).map((alert) => alert.event.id)).toEqual([matching?.id])
    expect(byRule(inside.id)[0]?.event).toMatchObject({ ip: placed.ip, country: placed.country })
    expect(byRule(elsewhere.id)).toEqual([])
    expect(byRule(notThere.id)).toEqual([])
  })
})

describe('a sync cancelled mid-way, then resumed', () => {
  let demo: DemoServer
  let session: Session
  let connectionId: string
  beforeEach(async () => {
    demo = await startDemoServer({ seed: 13, auditEvents: 1_500, requestLogs: 200, days: 5 })
    session = startSession(demo)
    connectionId = (await session.value('demo.start')).connectionId as string
    await session.finishedSyncs(1)
  })
  afterEach(async () => {
    session.close()
    await demo.close()
  })

  it('raises each alert exactly once', async () => {
    const before = (await session.value('alerts.summary', { connectionId })).watermarkSeq as number
    // Key creations spread over more than two pages of new events.
    const injected: (string | undefined)[] = []
    for (let round = 0; round < 3; round++) {
      injected.push(demo.appendLiveAuditEvent('api_key.created')?.id)
      demo.appendLiveActivity(1_200)
    }
    // Cancel as soon as the first page of audit events is committed (as a person would).
    session.setOnEvent((event) => {
      if (event.name !== 'sync.progress') return
      session.setOnEvent(() => undefined)
      void session.call('sync.cancel', { connectionId })
    })
    await session.value('sync.start', { connectionId, streams: ['audit-events'] })
    await session.finishedSyncs(2)
    const finished = session.events.filter((event) => event.name === 'sync.finished').at(-1)
    expect(finished?.payload).toMatchObject({ outcome: 'cancelled' })
    const partial = await session.alerts(connectionId, 'raised')
    const cut = (await session.value('alerts.summary', { connectionId })).watermarkSeq as number
    // The committed pages were evaluated, and no further.
    expect(cut).toBeGreaterThan(before)
    expect(pairs(partial)).toEqual(expectedBuiltIns(session, before, cut))

    await session.value('sync.start', { connectionId, streams: ['audit-events'] })
    await session.finishedSyncs(3)
    const all = await session.alerts(connectionId, 'raised')
    const end = (await session.value('alerts.summary', { connectionId })).watermarkSeq as number
    expect(end).toBeGreaterThan(cut)
    expect(pairs(all)).toEqual(expectedBuiltIns(session, before))
    for (const id of injected) expect(all.filter((alert) => alert.event.id === id)).toHaveLength(1)
    const announced = session.raisedEvents().reduce((sum, event) => sum + event.count, 0)
    expect(announced).toBe(all.length)
  })
})

describe('hostile alert rules', () => {
  let demo: DemoServer
  let session: Session
  beforeAll(async () => {
    demo = await startDemoServer({ seed: 14, auditEvents: 200, requestLogs: 100, days: 3 })
    session = startSession(demo)
  })
  afterAll(async () => {
    session.close()
    await demo.close()
  })

  const save = (conditions: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    session.call('alertRules.save', {
      rule: { name: 'Hostile', severity: 'high', conditions, ...extra },
    })

  it('are refused with a message naming the field and the fix', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ action: "x' OR 1=1 --" }, /at rule\.conditions\.action: Action: use an action exactly/],
      [{ action: '%' }, /Action: use an action exactly \(api_key\.created\) or a prefix/],
      [{ action: 'a'.repeat(100_000) }, /Action: at most 128 characters/],
      [{ action: 'user.*', ip: { value: '10.0.0.0/8; DROP' } }, /IP: not a CIDR block/],
      [{ action: 'user.*', ip: { value: '10.1.2.3/8' } }, /did you mean 10\.0\.0\.0\/8\?/],
      [{ action: 'user.*', country: { value: 'XX' } }, /Country: a two-letter ISO 3166-1 code/],
      [{ action: 'user.*', actor: { value: 'ana\u202e' } }, /Actor: remove the control/],
    ]
    for (const [conditions, message] of cases) {
      const result = await save(conditions)
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.code).toBe('invalid_input')
        expect(result.error.message).toMatch(message)
      }
    }
    const named = await save({ action: 'user.*' }, { name: 'x'.repeat(121) })
    expect(!named.ok && named.error.message).toMatch(/Name: at most 120 characters/)
    expect((await session.value('alertRules.list')).rules).toHaveLength(3)
  })

  it('are kept as written, edited with a new stamp, and deleted', async () => {
    const saved = (await session.value('alertRules.save', {
      rule: {
        name: ' Keys ',
        severity: 'low',
        conditions: { action: 'api_key.*', country: { value: 'de', isNegated: true } },
      },
    })) as AlertRule
    expect(saved).toMatchObject({
      name: 'Keys',
      isDefault: false,
      isEnabled: true,
      conditions: { action: 'api_key.*', country: { value: 'DE', isNegated: true } },
      createdBy: 'Ana Auditor',
      updatedBy: null,
    })
    const edited = (await session.value('alertRules.save', {
      id: saved.id,
      rule: { name: 'Keys, edited', severity: 'high', conditions: { action: 'api_key.created' } },
    })) as AlertRule
    expect(edited).toMatchObject({
      id: saved.id,
      name: 'Keys, edited',
      conditions: { action: 'api_key.created' },
      updatedBy: 'Ana Auditor',
    })
    expect(await session.value('alertRules.delete', { id: saved.id })).toEqual({ deleted: true })
    expect(await session.value('alertRules.delete', { id: saved.id })).toEqual({ deleted: false })
    const missing = await session.call('alertRules.save', {
      id: saved.id,
      rule: { name: 'Gone', severity: 'high', conditions: { action: 'api_key.created' } },
    })
    expect(!missing.ok && missing.error.code).toBe('not_found')
  })

  it('never edit or delete a built-in rule, which can only be turned off', async () => {
    const edit = await session.call('alertRules.save', {
      id: 'builtin.role-changed',
      rule: { name: 'Mine now', severity: 'low', conditions: { action: 'user.*' } },
    })
    expect(!edit.ok && edit.error.message).toMatch(/built-in rule cannot be edited; turn it off/)
    const removal = await session.call('alertRules.delete', { id: 'builtin.role-changed' })
    expect(!removal.ok && removal.error.message).toMatch(/cannot be deleted; turn it off instead/)
    const off = await session.value('alertRules.setEnabled', {
      id: 'builtin.role-changed',
      isEnabled: false,
    })
    expect(off).toMatchObject({ isEnabled: false, updatedBy: 'Ana Auditor', isDefault: true })
    const missing = await session.call('alertRules.setEnabled', {
      id: 'rule-nope',
      isEnabled: true,
    })
    expect(!missing.ok && missing.error.code).toBe('not_found')
  })
})
