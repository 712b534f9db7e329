import { describe, expect, it } from 'vitest'
import { formatQuery, parseQuery } from '../../../shared/query-language'
import { pivotFilter } from './pivot-filter'

describe('pivotFilter', () => {
  it('asks the question each pivot names, in a form the query bar round-trips', () => {
    const cases = [
      ['audit-events', { kind: 'actor', value: 'usr_1' }, { actor: 'usr_1' }],
      ['audit-events', { kind: 'ip', value: '203.0.113.7' }, { ip: '203.0.113.7' }],
      ['audit-events', { kind: 'apiKey', value: 'key_1' }, { actor: 'key_1' }],
      ['request-logs', { kind: 'apiKey', value: 'key_1' }, { apiKey: 'key_1' }],
      [
        'audit-events',
        { kind: 'resource', type: 'template', id: 'tpl_1' },
        { resourceType: 'template', resourceId: 'tpl_1' },
      ],
      ['audit-events', { kind: 'around', at: 600_000, minutes: 5 }, { from: 300_000, to: 900_001 }],
    ] as const
    for (const [stream, pivot, expected] of cases) {
      const filter = pivotFilter(stream, pivot)
      expect(filter).toEqual(expected)
      expect(parseQuery(formatQuery(filter), stream)).toEqual({ filter, errors: [] })
    }
  })
})
