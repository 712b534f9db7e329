import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadEvents } from '../../../test/helpers/load-events'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { ruleDraftSchema, type RuleDraft } from '../../shared/alert-schemas'
import { refreshIpCountries } from '../geo/ip-countries'
import { openDatabase, type OpenDatabase } from '../store/database'
import { createSyncStore } from '../store/sync-store'
import { parsePage } from '../sync/page-parser'
import { auditEventJson, pageBytes } from '../sync/test-events'
import { createAlertStore } from './alert-store'
import { evaluateNewEvents, maxAlertsPerRule } from './evaluate'
import { createRuleStore } from './rule-store'

const ana = { type: 'user', id: 'usr_1', email: 'ana@acme.example', name: 'Ana Ruiz' }
const bo = { type: 'user', id: 'usr_2', email: 'bo@acme.example', name: 'Bo Chen' }
const key = { type: 'api_key', id: 'key_9', last4: '9f2c', name: 'CI pipeline' }
const countries: Record<string, string> = {
  '198.51.100.7': 'RU',
  '198.51.100.8': 'DE',
  '203.0.113.7': 'FR',
}
const stamp = { author: 'ana', at: 5 }

describe('alert evaluation', () => {
  let temp: ReturnType<typeof makeTempDir>
  let opened: OpenDatabase
  let connectionId: string
  let now: number
  /** Stores events as a sync would (countries placed after it) and completes the sync. */
  const sync = (events: Record<string, unknown>[]) => {
    connectionId = loadEvents(opened, events, [])
    refreshIpCountries(opened.db, (ip) => countries[ip])
    createSyncStore(opened.db).markSuccess(connectionId, 'audit-events', now)
  }
  /** Re-syncs events in repair mode, as a day repair does: fills missing seqs below the last. */
  const repair = (events: Record<string, unknown>[]) => {
    const page = parsePage('audit-events', pageBytes(events))
    if ('code' in page) throw new Error(page.message)
    const store = createSyncStore(opened.db)
    store.applyPage({
      connectionId,
      stream: 'audit-events',
      runId: store.startRun(connectionId, 'audit-events', now),
      items: page.items,
      nextCursor: 'repair',
      oldestAvailableAt: 0,
      gapReason: 'seq_jump',
      now,
      isRepair: true,
    })
  }
  const evaluate = () => evaluateNewEvents(opened.db, connectionId, (now += 1000))
  const addRule = (draft: RuleDraft) =>
    createRuleStore(opened.db).create(ruleDraftSchema.parse(draft), stamp)
  const pairs = (evaluation: ReturnType<typeof evaluate>) =>
    evaluation.alerts.map((alert) => `${alert.ruleId} ${alert.event.id}`)

  beforeEach(() => {
    temp = makeTempDir()
    now = Date.UTC(2026, 10, 26)
    opened = openDatabase(temp.dir, now)
    // The first sync: its matches are history, and syncs raise alerts from then on.
    sync([auditEventJson(1, { action: 'api_key.created', actor: ana })])
    const first = evaluate()
    expect(first.isHistorical).toBe(true)
    expect(pairs(first)).toEqual(['builtin.api-key-created evt_000001'])
  })
  afterEach(() => {
    opened.close()
    temp.remove()
  })

  it('raises the built-in rules on new events only, once, with the event copied', () => {
    sync([
      auditEventJson(2, { action: 'member.role_changed', actor: ana, ip_address: '198.51.100.7' }),
      auditEventJson(3, { action: 'member.removed', actor: key }),
      auditEventJson(4, { action: 'api_key.created', status: 'failure', failure_reason: 'x' }),
      auditEventJson(5, { action: 'template.deleted' }),
    ])
    const second = evaluate()
    expect(second.isHistorical).toBe(false)
    expect(pairs(second)).toEqual([
      'builtin.role-changed evt_000002',
      'builtin.member-removed evt_000003',
    ])
    expect(second.alerts[0]?.event).toMatchObject({
      actor: 'ana@acme.example',
      action: 'member.role_changed',
      ip: '198.51.100.7',
      country: 'RU',
      status: 'success',
    })
    expect(second.alerts[1]?.event.actor).toBe('CI pipeline')
    expect(second.alerts[1]?.severity).toBe('medium')
    // Nothing new: nothing raised, and the same events are never raised twice.
    expect(evaluate().alerts).toEqual([])
    expect(createAlertStore(opened.db).counts(connectionId)).toEqual({
      unread: 2,
      raised: 2,
      historical: 1,
    })
  })

  it('raises once on an event a day repair fills in below the watermark', () => {
    const created = auditEventJson(3, { action: 'api_key.created', actor: ana })
    sync([auditEventJson(2), created, auditEventJson(4)])
    // The sync missed event 3 (a gap the server still has); the rules pass it by.
    opened.db
      .prepare('DELETE FROM audit_events WHERE connection_id = ? AND seq = 3')
      .run(connectionId)
    expect(evaluate().alerts).toEqual([])
    repair([created])
    const afterRepair = evaluate()
    expect(afterRepair.isHistorical).toBe(false)
    expect(pairs(afterRepair)).toEqual(['builtin.api-key-created evt_000003'])
    expect(evaluate().alerts).toEqual([])
    // Repaired again (already stored): nothing new to evaluate, nothing raised twice.
    repair([created])
    expect(evaluate().alerts).toEqual([])
    expect(createAlertStore(opened.db).counts(connectionId).raised).toBe(1)
  })

  it('evaluates a filled-in event above the watermark once, with the new events', () => {
    const created = auditEventJson(3, { action: 'api_key.created', actor: ana })
    sync([auditEventJson(2), created, auditEventJson(4)])
    opened.db
      .prepare('DELETE FROM audit_events WHERE connection_id = ? AND seq = 3')
      .run(connectionId)
    repair([created])
    expect(pairs(evaluate())).toEqual(['builtin.api-key-created evt_000003'])
    expect(evaluate().alerts).toEqual([])
    expect(createAlertStore(opened.db).counts(connectionId).raised).toBe(1)
  })

  it('matches user rules by prefix, actor, status, CIDR and country, negated too', () => {
    const rules = {
      russia: addRule({
        name: 'Sign-ins from Russia',
        severity: 'high',
        conditions: {
          action: 'user.*',
          country: { value: 'RU' },
          ip: { value: '198.51.100.0/24' },
        },
      }),
      outsideFrance: addRule({
        name: 'Failed sign-ins outside France',
        severity: 'low',
        conditions: {
          action: 'user.signed_in',
          status: 'failure',
          country: { value: 'FR', isNegated: true },
        },
      }),
      notAna: addRule({
        name: 'Templates deleted by anyone but Ana',
        severity: 'medium',
        conditions: {
          action: 'template.*',
          actor: { value: 'ana@', isNegated: true },
          ip: { value: '203.0.113.7', isNegated: true },
        },
      }),
      boExact: addRule({
        name: 'Bo from one address',
        severity: 'low',
        conditions: {
          action: 'template.deleted',
          actor: { value: 'bo@' },
          ip: { value: '::ffff:198.51.100.8' },
        },
      }),
    }
    sync([
      auditEventJson(10, { ip_address: '198.51.100.7' }),
      auditEventJson(11, { ip_address: '198.51.100.8', status: 'failure', failure_reason: 'x' }),
      auditEventJson(12, { ip_address: '203.0.113.7', status: 'failure', failure_reason: 'x' }),
      auditEventJson(13, { ip_address: null, status: 'failure', failure_reason: 'x' }),
      auditEventJson(14, { action: 'template.deleted', actor: ana, ip_address: '198.51.100.8' }),
      auditEventJson(15, { action: 'template.deleted', actor: bo, ip_address: '198.51.100.8' }),
      auditEventJson(16, { action: 'template.updated', actor: bo, ip_address: '203.0.113.7' }),
      auditEventJson(17, { action: 'templates.other', actor: bo }),
    ])
    const raised = pairs(evaluate())
    expect(raised.sort()).toEqual(
      [
        `${rules.russia} evt_000010`,
        // Not placed in France: another country, or no address at all (as -country: reads).
        `${rules.outsideFrance} evt_000011`,
        `${rules.outsideFrance} evt_000013`,
        `${rules.notAna} evt_000015`,
        `${rules.boExact} evt_000015`,
      ].sort(),
    )
  })

  it('applies a rule from the watermark on: never to events evaluated before it existed', () => {
    sync([auditEventJson(20, { action: 'billing.updated' })])
    evaluate()
    const rule = addRule({ name: 'Billing', severity: 'low', conditions: { action: 'billing.*' } })
    expect(evaluate().alerts).toEqual([])
    sync([auditEventJson(21, { action: 'billing.updated' })])
    expect(pairs(evaluate())).toEqual([`${rule} evt_000021`])
  })

  it('skips turned-off rules, built-in ones included', () => {
    createRuleStore(opened.db).setEnabled('builtin.api-key-created', false, stamp)
    sync([auditEventJson(30, { action: 'api_key.created' })])
    expect(evaluate().alerts).toEqual([])
  })

  it('keeps the newest matches of a rule that matches too much, and counts the rest', () => {
    const rule = addRule({
      name: 'Every sign-in',
      severity: 'low',
      conditions: { action: 'user.signed_in' },
    })
    const extra = 7
    sync(
      Array.from({ length: maxAlertsPerRule + extra }, (_, index) => auditEventJson(100 + index)),
    )
    const evaluation = evaluate()
    expect(evaluation.alerts).toHaveLength(maxAlertsPerRule)
    expect(evaluation.alerts[0]?.event.seq).toBe(100 + extra)
    expect(evaluation.dropped).toEqual([{ ruleId: rule, ruleName: 'Every sign-in', count: extra }])
    expect(createAlertStore(opened.db).overflows(connectionId)).toEqual([
      { ruleId: rule, ruleName: 'Every sign-in', dropped: extra, lastAt: now },
    ])
  })

  it('finds the same matches in a batch too large to walk by seq', () => {
    sync([
      auditEventJson(60_000, { action: 'api_key.created' }),
      auditEventJson(60_001, { action: 'api_key.created', status: 'failure', failure_reason: 'x' }),
      auditEventJson(120_000, { action: 'member.removed' }),
    ])
    expect(pairs(evaluate())).toEqual([
      'builtin.api-key-created evt_060000',
      'builtin.member-removed evt_120000',
    ])
  })
})

describe('the first evaluation of a connection', () => {
  it('keeps recording history until a sync of the audit log has completed once', () => {
    const temp = makeTempDir()
    const opened = openDatabase(temp.dir, 0)
    try {
      // A first sync cancelled after its first page: history, and still history when resumed.
      const connectionId = loadEvents(
        opened,
        [auditEventJson(1, { action: 'api_key.created' })],
        [],
      )
      expect(evaluateNewEvents(opened.db, connectionId, 1).isHistorical).toBe(true)
      loadEvents(opened, [auditEventJson(2, { action: 'api_key.created' })], [])
      createSyncStore(opened.db).markSuccess(connectionId, 'audit-events', 2)
      const resumed = evaluateNewEvents(opened.db, connectionId, 3)
      expect(resumed.isHistorical).toBe(true)
      expect(resumed.alerts.map((alert) => alert.event.id)).toEqual(['evt_000002'])
      loadEvents(opened, [auditEventJson(3, { action: 'api_key.created' })], [])
      const live = evaluateNewEvents(opened.db, connectionId, 4)
      expect(live.isHistorical).toBe(false)
      expect(live.alerts.map((alert) => [alert.event.id, alert.isHistorical])).toEqual([
        ['evt_000003', false],
      ])
    } finally {
      opened.close()
      temp.remove()
    }
  })
})
