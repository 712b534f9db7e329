import { afterEach, describe, expect, it } from 'vitest'
import { dayMs, hourMs, minuteMs } from '../baseline'
import {
  addressIn,
  makeDetectCache,
  spread,
  findingsOf,
  testEpoch,
  type DetectCache,
  type TestAudit,
} from '../test-support'

let cache: DetectCache | undefined
afterEach(() => {
  cache?.close()
  cache = undefined
})

const open = (): DetectCache => (cache = makeDetectCache())
const day = (n: number) => testEpoch + n * dayMs

/** An actor busy from 09:00 to 17:00 UTC every day in [fromDay, toDay). */
function workdays(actor: string, fromDay: number, toDay: number): TestAudit[] {
  const events: TestAudit[] = []
  for (let each = fromDay; each < toDay; each++)
    events.push(
      ...spread(8, day(each) + 9 * hourMs, 8 * hourMs, (at) => ({
        at,
        actor,
        action: 'template.updated',
      })),
    )
  return events
}

const keyCreated = (at: number, actor: string, id: string): TestAudit => ({
  at,
  actor,
  action: 'api_key.created',
  resource: { type: 'api_key', id, name: 'export-tmp' },
})

describe('unexpected API key creation', () => {
  it('reports a first key at night as high, naming both reasons with their numbers', () => {
    const target = open()
    target.add(workdays('umar', 0, 30))
    target.add([keyCreated(day(30) + 3 * hourMs + 10 * minuteMs, 'umar', 'key_night')])
    const [found, ...others] = findingsOf(target, 'unexpected-api-key-creation')
    expect(others).toEqual([])
    expect(found?.severity).toBe('high')
    expect(found?.apiKeys).toEqual([{ id: 'key_night', label: 'export-tmp' }])
    expect(found?.measurements).toMatchObject({
      signals: 2,
      isFirstKey: 1,
      utcHour: 3,
      eventsNearHour: 0,
    })
    expect(found?.explanation).toContain('it is the first key umar@acme.example created')
    expect(found?.explanation).toContain('0 events of their 240')
  })

  it('leaves a key manager creating another key in working hours alone', () => {
    const target = open()
    target.add(workdays('kofi', 0, 40))
    target.add([
      keyCreated(day(3) + 10 * hourMs, 'kofi', 'key_a'),
      keyCreated(day(35) + 11 * hourMs, 'kofi', 'key_b'),
    ])
    // The first key came on day 3, within the learning days: not reported either.
    expect(findingsOf(target, 'unexpected-api-key-creation')).toEqual([])
  })

  it('reports a key created soon after a sign-in from a country new for the actor', () => {
    const target = open()
    target.add(workdays('kofi', 0, 20))
    target.add(
      spread(6, day(1), 15 * dayMs, (at) => ({
        at: at + 9 * hourMs,
        actor: 'kofi',
        ip: addressIn('DE'),
      })),
    )
    target.add([keyCreated(day(2) + 10 * hourMs, 'kofi', 'key_a')])
    const away = addressIn('RO')
    target.add([
      { at: day(19) + 10 * hourMs, actor: 'kofi', ip: away },
      { ...keyCreated(day(19) + 11 * hourMs, 'kofi', 'key_b'), ip: away },
    ])
    const [found] = findingsOf(target, 'unexpected-api-key-creation')
    expect(found?.severity).toBe('medium')
    expect(found?.measurements.newCountry).toBe('RO')
    expect(found?.evidenceIds.auditEvents).toHaveLength(2)
    expect(found?.windowStart).toBe(day(19) + 10 * hourMs)
  })
})

const roleChange = (at: number, target: string, from: string, to: string): TestAudit => ({
  at,
  actor: 'olivia',
  action: 'member.role_changed',
  resource: { type: 'user', id: `usr_${target}`, name: target },
  metadata: { from_role: from, to_role: to },
})

describe('privilege escalation', () => {
  it('reports a grant of owner used at once to remove members, as high', () => {
    const target = open()
    target.add([
      roleChange(day(5), 'jonas', 'member', 'owner'),
      ...spread(3, day(5) + 5 * minuteMs, 15 * minuteMs, (at) => ({
        at,
        actor: 'jonas',
        action: 'member.removed',
        resource: { type: 'user', id: `usr_${String(at)}`, name: null },
      })),
    ])
    const [found] = findingsOf(target, 'privilege-escalation')
    expect(found?.severity).toBe('high')
    expect(found?.measurements).toMatchObject({
      fromRole: 'member',
      toRole: 'owner',
      privilegedActions: 3,
    })
    expect(found?.evidence.auditEvents).toBe(4)
    expect(found?.explanation).toContain('from member to owner')
    expect(found?.explanation).toContain('member.removed 3')
  })

  it('reports a grant of owner alone as medium, and skips promotions nobody uses and demotions', () => {
    const target = open()
    target.add([
      roleChange(day(5), 'jonas', 'admin', 'owner'),
      roleChange(day(6), 'maya', 'member', 'admin'),
      { at: day(6) + 2 * hourMs, actor: 'maya', action: 'member.invited' },
      roleChange(day(7), 'ivan', 'owner', 'member'),
      roleChange(day(8), 'lee', 'member', 'superuser'),
    ])
    const found = findingsOf(target, 'privilege-escalation')
    expect(found.map((each) => [each.severity, each.measurements.toRole])).toEqual([
      ['medium', 'owner'],
    ])
  })
})

describe('bulk template deletion', () => {
  const deletion = (at: number, actor = 'ivan'): TestAudit => ({
    at,
    actor,
    action: 'template.deleted',
    resource: { type: 'template', id: `tpl_${String(at)}`, name: `Template ${String(at % 1000)}` },
  })

  it('reports a burst across a window boundary as one finding with every deletion', () => {
    const target = open()
    // 30 deletions from 09:55 to 10:05: a fixed 10-minute grid would split them.
    target.add(spread(30, day(4) + 9 * hourMs + 55 * minuteMs, 10 * minuteMs, (at) => deletion(at)))
    const found = findingsOf(target, 'bulk-template-deletion')
    expect(found).toHaveLength(1)
    expect(found[0]?.measurements).toMatchObject({ deletions: 30, mostWithinWindow: 30 })
    expect(found[0]?.evidence.auditEvents).toBe(30)
    expect(found[0]?.explanation).toContain('deleted 30 templates within 10 minutes')
  })

  it('leaves steady deletions and other actors alone', () => {
    const target = open()
    target.add(spread(40, day(4), 8 * hourMs, (at) => deletion(at)))
    target.add(spread(19, day(5), 5 * minuteMs, (at) => deletion(at, 'ana')))
    expect(findingsOf(target, 'bulk-template-deletion')).toEqual([])
  })
})
