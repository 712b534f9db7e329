import { describe, expect, it } from 'vitest'
import type { EventFilter } from '../../shared/filter'
import { isRollupFilter, rollupPart, withoutActionFor } from './chart-filters'

describe('which filters the rollups answer', () => {
  it('are those whose SQL the rollup columns carry: organization, time, key, actor, address, status', () => {
    const answered: [Parameters<typeof isRollupFilter>[0], EventFilter][] = [
      ['request-logs', { connectionId: 'c', from: 1, to: 2 }],
      ['request-logs', { apiKey: '9f2c', status: '5xx', not: { actor: 'x' } }],
      ['request-logs', { categories: ['templates'] }], // an audit field: no condition on requests
      ['audit-events', { actor: 'ana@', ip: '203.0.113.0/24', country: 'RU', status: 'failure' }],
      ['audit-events', { not: { status: 'success', country: 'US' } }],
      ['audit-events', { endpoint: '/v1/*' }], // a request field: no condition on audit events
    ]
    for (const [stream, filter] of answered) expect(isRollupFilter(stream, filter)).toBe(true)
  })

  it('are not those with a condition the rollups have no column for', () => {
    const refused: [Parameters<typeof isRollupFilter>[0], EventFilter][] = [
      ['request-logs', { endpoint: '/v1/templates' }],
      ['request-logs', { action: '/v1/templates' }],
      ['request-logs', { minDurationMs: 500 }],
      ['request-logs', { ip: '198.51.100.4' }],
      ['request-logs', { text: 'curl' }],
      ['request-logs', { not: { endpoint: '/v1/*' } }],
      ['audit-events', { text: 'invoice' }],
      ['audit-events', { categories: ['authentication'] }],
      ['audit-events', { resourceType: 'template' }],
      ['audit-events', { tags: ['reviewed'] }],
      ['audit-events', { starred: true }],
      ['audit-events', { label: 'HIPAA' }],
    ]
    for (const [stream, filter] of refused) expect(isRollupFilter(stream, filter)).toBe(false)
    expect(
      rollupPart('request-logs', { apiKey: 'k', endpoint: '/v1/x', not: { endpoint: 'y' } }),
    ).toEqual({
      apiKey: 'k',
    })
  })

  it('evaluate action conditions for sign-ins, which all have the action user.signed_in', () => {
    const action = 'user.signed_in'
    expect(withoutActionFor({ action: 'user.*', status: 'failure' }, action)).toEqual({
      status: 'failure',
    })
    expect(withoutActionFor({ actions: ['template.*', 'user.signed_in'] }, action)).toEqual({})
    expect(withoutActionFor({ action: 'template.*' }, action)).toBe(false)
    expect(withoutActionFor({ action: 'user.signed_out' }, action)).toBe(false)
    expect(withoutActionFor({ not: { action: 'user.*' } }, action)).toBe(false)
    expect(withoutActionFor({ not: { action: 'template.*', ip: '1.2.3.4' } }, action)).toEqual({
      not: { ip: '1.2.3.4' },
    })
    expect(withoutActionFor({ not: { actions: ['a.*', 'b.*'] } }, action)).toEqual({})
  })
})
