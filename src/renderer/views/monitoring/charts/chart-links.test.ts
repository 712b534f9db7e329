import { describe, expect, it } from 'vitest'
import { parseQuery } from '../../../../shared/query-language'
import { queryFromHash, viewFromHash } from '../../../navigation'
import { monitoringTabFromHash } from '../tabs'
import { denseBuckets } from './chart-format'
import {
  brushedQuery,
  chartsHash,
  requestEventsHash,
  signInEventsHash,
  termsNotApplied,
  unrangedQuery,
} from './chart-links'

const day = Date.UTC(2026, 10, 20)
const hour = 3_600_000

describe('chart links', () => {
  it('keep the Charts tab and its query in the location, whatever the query holds', () => {
    for (const query of ['', 'actor:ana@ -status:success', '"a & b" #x ?y=1 %20 é 🧨']) {
      const hash = chartsHash(query)
      expect(viewFromHash(hash)).toBe('monitoring')
      expect(monitoringTabFromHash(hash)).toBe('charts')
      expect(queryFromHash(hash)).toBe(query)
    }
  })

  it('narrow the range when brushing, never widen it, and can drop it again', () => {
    const query = brushedQuery('status:failure', day, day + 3 * hour)
    expect(parseQuery(query).filter).toEqual({ status: 'failure', from: day, to: day + 3 * hour })
    const inner = brushedQuery(query, day - hour, day + hour)
    expect(parseQuery(inner).filter).toEqual({ status: 'failure', from: day, to: day + hour })
    expect(unrangedQuery(inner)).toBe('status:failure')
  })

  it('open the sign-ins behind a bar: the filter as sign-ins, narrowed by bucket, status or country', () => {
    const filter = parseQuery('actor:ana@ action:user.* -ip:10.0.0.1', 'audit-events').filter
    const hash = signInEventsHash(filter, { from: day, to: day + hour, status: 'failure' })
    expect(viewFromHash(hash)).toBe('audit-log')
    expect(parseQuery(queryFromHash(hash), 'audit-events')).toEqual({
      filter: {
        actor: 'ana@',
        action: 'user.signed_in',
        status: 'failure',
        from: day,
        to: day + hour,
        not: { ip: '10.0.0.1' },
      },
      errors: [],
    })
    const country = signInEventsHash({ actions: ['user.*', 'template.*'] }, { country: 'RU' })
    expect(queryFromHash(country)).toBe('action:user.signed_in country:RU')
  })

  it('open the requests behind a bar, keeping the narrower endpoint condition', () => {
    const route = requestEventsHash({ status: '5xx' }, { endpoint: '/v1/documents/doc_*' })
    expect(viewFromHash(route)).toBe('api-requests')
    expect(queryFromHash(route)).toBe('endpoint:/v1/documents/doc_* status:5xx')
    const exact = requestEventsHash(
      { endpoint: '/v1/documents/doc_1' },
      { endpoint: '/v1/documents/doc_*' },
    )
    expect(queryFromHash(exact)).toBe('endpoint:/v1/documents/doc_1')
    const wider = requestEventsHash({ endpoint: '/v1/*' }, { endpoint: '/v1/documents/doc_*' })
    expect(queryFromHash(wider)).toBe('endpoint:/v1/documents/doc_*')
    const key = requestEventsHash({}, { apiKey: 'key "x"', from: day, to: day + hour })
    expect(parseQuery(queryFromHash(key), 'request-logs').filter).toEqual({
      apiKey: 'key "x"',
      from: day,
      to: day + hour,
    })
  })

  it('name the terms one stream’s charts cannot apply', () => {
    const query = 'status:failure endpoint:/v1/x category:templates'
    expect(termsNotApplied(query, 'audit-events')).toEqual(['endpoint:/v1/x'])
    expect(termsNotApplied(query, 'request-logs')).toEqual(['category:templates'])
    expect(termsNotApplied('nope:1', 'audit-events')).toEqual([])
  })

  it('fill the empty buckets of an axis so gaps show as zero', () => {
    const axis = { from: day + 5, to: day + 4 * hour, bucketMs: hour }
    const filled = denseBuckets(axis, [{ start: day + 2 * hour, n: 3 }], (start) => ({
      start,
      n: 0,
    }))
    expect(filled).toEqual([
      { start: day, n: 0 },
      { start: day + hour, n: 0 },
      { start: day + 2 * hour, n: 3 },
      { start: day + 3 * hour, n: 0 },
    ])
    expect(denseBuckets(axis, [], (start) => ({ start }))).toEqual([])
  })
})
