import { afterEach, describe, expect, it } from 'vitest'
import { createEventQuery } from '../query/event-query'
import { createRetention } from '../store/retention'
import { dayMs, hourMs, minuteMs } from './baseline'
import { createFindingStore } from './finding-store'
import { runDetections } from './run-detections'
import type { DetectionRule } from './rule-types'
import { detectionRules } from './rules'
import { createDetectionSettingsStore } from './settings-store'
import {
  addressIn,
  makeDetectCache,
  spread,
  testEpoch,
  type DetectCache,
  type TestAudit,
  type TestRequest,
} from './test-support'

const caches: DetectCache[] = []
afterEach(() => {
  for (const cache of caches.splice(0)) cache.close()
})
const open = (name?: string): DetectCache => {
  const cache = makeDetectCache(name)
  caches.push(cache)
  return cache
}
const day = (n: number) => testEpoch + n * dayMs
const now = day(100)

/** Everything a finding shows except when this cache first stored it. */
function snapshot(cache: DetectCache) {
  const store = createFindingStore(cache.db)
  return store
    .list({ connectionId: cache.connectionId, limit: 1000 })
    .rows.map(
      ({ detected_at: _detected, updated_at: _updated, connection_id: _connection, ...row }) => ({
        ...row,
        evidence: store.evidence(row.id),
      }),
    )
    .sort(
      (a, b) =>
        a.rule_id.localeCompare(b.rule_id) ||
        a.window_start - b.window_start ||
        a.id.localeCompare(b.id),
    )
}

/** A month of events with one of each kind of incident, in two batches (before and after day 20). */
function history(): { first: [TestAudit[], TestRequest[]]; second: [TestAudit[], TestRequest[]] } {
  const signIns = (from: number, to: number) =>
    spread((to - from) * 2, day(from), (to - from) * dayMs, (at) => ({
      at: at + 9 * hourMs,
      actor: 'yuki',
      ip: addressIn('NL'),
    }))
  const requests = (from: number, to: number): TestRequest[] =>
    spread((to - from) * 24 * 6, day(from), (to - from) * dayMs, (at, index) => ({
      at,
      key: 'crm',
      ip: addressIn('US', index % 2),
    }))
  const failures = spread(14, day(12) + 3 * hourMs, 8 * minuteMs, (at) => ({
    at,
    actor: 'ben',
    ip: addressIn('TR'),
    status: 'failure' as const,
  }))
  // The second batch starts with events that occurred before the first batch's last ones
  // (recorded late), then a new-country sign-in and a leak.
  const late = spread(6, day(19) + 23 * hourMs + 30 * minuteMs, 20 * minuteMs, (at) => ({
    at,
    actor: 'ben',
    ip: addressIn('TR'),
    status: 'failure' as const,
  }))
  const away = addressIn('NG')
  const leak = spread(120, day(25) + 15 * hourMs, hourMs, (at) => ({
    at,
    key: 'crm',
    ip: addressIn('UA'),
  }))
  const lateFailures = spread(8, day(19) + 23 * hourMs + 40 * minuteMs, 10 * minuteMs, (at) => ({
    at,
    actor: 'ben',
    ip: addressIn('TR'),
    status: 'failure' as const,
  }))
  return {
    first: [[...signIns(0, 20), ...failures, ...late], requests(0, 20)],
    second: [
      [...lateFailures, ...signIns(20, 30), { at: day(24) + 10 * hourMs, actor: 'yuki', ip: away }],
      [...requests(20, 30), ...leak],
    ],
  }
}

describe('running the detections', () => {
  it('gives the same findings incrementally as in one full run, and again on a re-run', () => {
    const { first, second } = history()
    const incremental = open()
    incremental.add(...first)
    expect(runDetections(incremental.db, incremental.connectionId, now)).toMatchObject({
      isFull: true,
    })
    incremental.add(...second)
    const summary = runDetections(incremental.db, incremental.connectionId, now)
    expect(summary).toMatchObject({ isFull: false })
    expect(summary.added).toBeGreaterThan(0)
    const full = open()
    full.add(...first)
    full.add(...second)
    runDetections(full.db, full.connectionId, now)
    const found = snapshot(incremental)
    expect(found.map((each) => each.rule_id).sort()).toEqual([
      'api-key-new-ip',
      'api-usage-spike',
      'failed-login-spike-ip',
      'failed-login-spike-ip',
      'failed-login-spike-user',
      'failed-login-spike-user',
      'impossible-travel',
      'new-country-sign-in',
    ])
    // The same ids (the cache's connection ids differ, so compare everything else).
    expect(found.map(({ id: _id, ...rest }) => rest)).toEqual(
      snapshot(full).map(({ id: _id, ...rest }) => rest),
    )
    const before = snapshot(full)
    expect(runDetections(full.db, full.connectionId, now + 1)).toMatchObject({
      added: 0,
      isFull: false,
    })
    expect(snapshot(full)).toEqual(before)
    // A full re-run over the same events (thresholds changed and changed back) gives them again.
    const settings = createDetectionSettingsStore(full.db)
    const stamp = { author: 'Rita', at: now }
    settings.set('impossible-travel', { thresholds: { maxSpeedKmh: 950 } }, stamp)
    runDetections(full.db, full.connectionId, now + 2)
    settings.set('impossible-travel', { isReset: true }, stamp)
    expect(runDetections(full.db, full.connectionId, now + 3)).toMatchObject({ isFull: true })
    expect(snapshot(full)).toEqual(before)
  })

  it('gives a sliding-window burst lasting days the same finding incrementally as in a full run', () => {
    const cache = open()
    const robot = (from: number, to: number) =>
      spread((to - from) * 24 * 20, day(from), (to - from) * dayMs, (at) => ({
        at,
        actor: 'robot',
        ip: addressIn('US'),
        status: 'failure' as const,
      }))
    cache.add(robot(10, 12))
    runDetections(cache.db, cache.connectionId, now)
    cache.add(robot(12, 13))
    expect(runDetections(cache.db, cache.connectionId, now).isFull).toBe(false)
    const incremental = snapshot(cache)
    expect(incremental.map((row) => [row.rule_id, row.window_start, row.window_end])).toEqual([
      ['failed-login-spike-ip', day(10), day(13) - 3 * minuteMs],
      ['failed-login-spike-user', day(10), day(13) - 3 * minuteMs],
    ])
    // A full run over the same events (thresholds changed and changed back) gives the same.
    const settings = createDetectionSettingsStore(cache.db)
    settings.set(
      'impossible-travel',
      { thresholds: { maxSpeedKmh: 950 } },
      { author: 'Rita', at: now },
    )
    runDetections(cache.db, cache.connectionId, now)
    settings.set('impossible-travel', { isReset: true }, { author: 'Rita', at: now })
    expect(runDetections(cache.db, cache.connectionId, now).isFull).toBe(true)
    expect(snapshot(cache)).toEqual(incremental)
  })

  it('keeps a reviewer’s status through re-runs, and removes only unreviewed findings a stricter threshold drops', () => {
    const cache = open()
    cache.add([
      ...spread(12, day(3), 10 * minuteMs, (at) => ({
        at,
        actor: 'ana',
        ip: addressIn('RU'),
        status: 'failure' as const,
      })),
      ...spread(30, day(5), 10 * minuteMs, (at) => ({
        at,
        actor: 'ben',
        ip: addressIn('RU', 1),
        status: 'failure' as const,
      })),
    ])
    runDetections(cache.db, cache.connectionId, now)
    const store = createFindingStore(cache.db)
    const users = () =>
      store.list({
        connectionId: cache.connectionId,
        ruleIds: ['failed-login-spike-user'],
        limit: 10,
      }).rows
    const [ben, ana] = users()
    expect(ana?.measurements).toContain('"failures":12')
    store.setStatus(
      cache.connectionId,
      ben?.id ?? '',
      { status: 'acknowledged', note: 'password reset' },
      { author: 'Rita', at: day(40) },
    )
    const settings = createDetectionSettingsStore(cache.db)
    settings.set(
      'failed-login-spike-user',
      { thresholds: { minimum: 20 } },
      { author: 'Rita', at: day(40) },
    )
    expect(runDetections(cache.db, cache.connectionId, now)).toMatchObject({ isFull: true })
    expect(users().map((row) => [row.id, row.status, row.status_by, row.status_note])).toEqual([
      [ben?.id, 'acknowledged', 'Rita', 'password reset'],
    ])
    settings.set(
      'failed-login-spike-user',
      { thresholds: { minimum: 50 } },
      { author: 'Rita', at: day(41) },
    )
    runDetections(cache.db, cache.connectionId, now)
    // No longer found, but reviewed: it stays, with its review.
    expect(users().map((row) => row.id)).toEqual([ben?.id])
  })

  it('never skips events: a run that fails evaluates them on the next run', () => {
    const cache = open()
    cache.add([{ at: day(1), actor: 'ana' }])
    runDetections(cache.db, cache.connectionId, now)
    cache.add(
      spread(25, day(8), 5 * minuteMs, (at) => ({ at, actor: 'ivan', action: 'template.deleted' })),
    )
    const failing: DetectionRule = {
      ...detectionRules[0],
      id: 'failed-login-spike-user',
      detect: () => {
        throw new Error('disk full')
      },
      // The spread of an indexed element (possibly undefined under noUncheckedIndexedAccess)
      // makes every field optional to the compiler; the list always holds rules.
    } as DetectionRule
    expect(() => runDetections(cache.db, cache.connectionId, now, [failing])).toThrow('disk full')
    expect(runDetections(cache.db, cache.connectionId, now)).toMatchObject({
      added: 1,
      isFull: false,
    })
    const [found] = createFindingStore(cache.db).list({
      connectionId: cache.connectionId,
      limit: 5,
    }).rows
    expect(found?.rule_id).toBe('bulk-template-deletion')
  })

  it('examines new events that take row ids retention freed by pruning the newest rows', () => {
    const cache = open()
    cache.add([{ at: day(95), actor: 'ben', ip: addressIn('TR') }], [{ at: day(95), key: 'crm' }])
    // Old events synced last hold the highest row ids; retention prunes exactly them.
    cache.add(
      spread(40, day(1), dayMs, (at) => ({ at, actor: 'ana' })),
      spread(40, day(1), dayMs, (at) => ({ at, key: 'crm' })),
    )
    runDetections(cache.db, cache.connectionId, now)
    const retention = createRetention(cache.db)
    retention.setRetentionDays(30)
    expect(retention.prune(now)).toMatchObject({ auditEvents: 40, requestLogs: 40 })
    cache.add(
      spread(14, day(99) + 3 * hourMs, 8 * minuteMs, (at) => ({
        at,
        actor: 'ben',
        ip: addressIn('TR'),
        status: 'failure' as const,
      })),
      spread(30, day(99), hourMs, (at) => ({ at, key: 'crm' })),
    )
    expect(runDetections(cache.db, cache.connectionId, now).added).toBeGreaterThan(0)
    const found = createFindingStore(cache.db).list({
      connectionId: cache.connectionId,
      ruleIds: ['failed-login-spike-user'],
      limit: 5,
    }).rows
    expect(found.map((row) => row.measurements)).toEqual([expect.stringContaining('"failures":14')])
    const summarised = cache.db
      .prepare<[number], number>('SELECT sum(requests) FROM key_usage_hours WHERE hour >= ?')
      .pluck()
      .get(day(99) / hourMs)
    expect(summarised).toBe(30)
  })

  it('opens exactly a finding’s evidence with the finding filter, in its own connection only', () => {
    const cache = open()
    cache.add(
      spread(12, day(3), 10 * minuteMs, (at) => ({
        at,
        actor: 'ana',
        ip: addressIn('RU'),
        status: 'failure' as const,
      })),
    )
    cache.add(spread(5, day(3), 10 * minuteMs, (at) => ({ at, actor: 'ana', ip: addressIn('RU') })))
    runDetections(cache.db, cache.connectionId, now)
    const store = createFindingStore(cache.db)
    const [finding] = store.list({
      connectionId: cache.connectionId,
      ruleIds: ['failed-login-spike-user'],
      limit: 1,
    }).rows
    const id = finding?.id ?? ''
    const query = createEventQuery(cache.db)
    const page = query.page('audit-events', { finding: id }, 100)
    expect(page.map((row) => row.id).sort()).toEqual(store.evidence(id).auditEvents)
    expect(page.every((row) => row.columns.status === 'failure')).toBe(true)
    expect(query.count('audit-events', { finding: id, connectionId: cache.connectionId })).toBe(12)
    expect(query.count('audit-events', { finding: id, connectionId: 'another' })).toBe(0)
    expect(query.count('request-logs', { finding: id })).toBe(0)
  })
})
