import { describe, expect, it } from 'vitest'
import { aroundPivot, isAroundMinutes, pivotsFor } from './pivots'
import type { LogRow } from './types'

const row = (columns: LogRow['columns'], occurredAt = Date.UTC(2026, 0, 1)): LogRow => ({
  rowId: 1,
  id: 'evt_1',
  seq: 1,
  occurredAt,
  columns,
})

describe('pivotsFor', () => {
  it('offers actor, IP and resource pivots for an audit event, with the exact stored values', () => {
    const event = row({
      actor_type: 'user',
      actor_id: 'usr_42',
      ip_address: '203.0.113.7',
      resource_type: 'project',
      resource_id: ' prj 1 ',
    })
    expect(pivotsFor('audit-events', event)).toEqual({
      actor: { kind: 'actor', value: 'usr_42' },
      ip: { kind: 'ip', value: '203.0.113.7' },
      resource: { kind: 'resource', type: 'project', id: ' prj 1 ' },
    })
  })

  it('offers an API key pivot for an audit event done with an API key', () => {
    expect(
      pivotsFor('audit-events', row({ actor_type: 'api_key', actor_id: 'key_9' })).apiKey,
    ).toEqual({ kind: 'apiKey', value: 'key_9' })
    expect(
      pivotsFor(
        'audit-events',
        row({ actor_type: 'api_key', actor_id: null, actor_last4: 'ab12' }),
      ),
    ).toEqual({ apiKey: { kind: 'apiKey', value: 'ab12' } })
    expect(pivotsFor('audit-events', row({ actor_type: 'user', actor_last4: 'ab12' })).apiKey).toBe(
      undefined,
    )
  })

  it('offers API key and IP pivots for a request, preferring the key id over its last 4', () => {
    expect(
      pivotsFor(
        'request-logs',
        row({ api_key_id: 'key_1', api_key_last4: 'zz99', ip_address: '::1' }),
      ),
    ).toEqual({ apiKey: { kind: 'apiKey', value: 'key_1' }, ip: { kind: 'ip', value: '::1' } })
    expect(pivotsFor('request-logs', row({ api_key_id: '', api_key_last4: 'zz99' }))).toEqual({
      apiKey: { kind: 'apiKey', value: 'zz99' },
    })
  })

  it('offers nothing for missing, blank, null or non-string values', () => {
    expect(
      pivotsFor(
        'audit-events',
        row({ actor_id: '   ', ip_address: null, resource_type: 'project', resource_id: 7 }),
      ),
    ).toEqual({})
    expect(pivotsFor('request-logs', row({ actor_id: 'usr_1' }))).toEqual({})
  })
})

describe('aroundPivot', () => {
  it('centres the window on the event time with the chosen width', () => {
    const event = row({}, 1_700_000_000_123)
    expect(aroundPivot(event, 15)).toEqual({ kind: 'around', at: 1_700_000_000_123, minutes: 15 })
    expect(aroundPivot(row({}, Number.NaN), 5)).toBeUndefined()
  })

  it('accepts only the offered window sizes', () => {
    expect([5, 15, 60].every(isAroundMinutes)).toBe(true)
    expect(isAroundMinutes(10)).toBe(false)
  })
})
