import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventFilter, Stream } from '../../shared/filter'
import { refreshIpCountries } from '../geo/ip-countries'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { openDatabase, type OpenDatabase } from '../store/database'
import { loadEvents } from '../../../test/helpers/load-events'
import { auditEventJson, requestLogJson } from '../sync/test-events'
import { createEventQuery } from './event-query'
import { filterToSql, ftsQuery } from './filter-sql'
import { registerSqlFunctions } from './sql-functions'

describe('event query', () => {
  let temp: ReturnType<typeof makeTempDir>
  let opened: OpenDatabase
  beforeEach(() => {
    temp = makeTempDir()
    opened = openDatabase(temp.dir, 0)
    loadEvents(
      opened,
      [
        auditEventJson(1),
        auditEventJson(2, {
          action: 'template.deleted',
          category: 'templates',
          actor: { type: 'user', id: 'usr_2', email: 'bo_x@acme.example', name: 'Bo' },
        }),
        auditEventJson(3, {
          action: 'template.created',
          status: 'failure',
          failure_reason: 'quota_exceeded',
        }),
        auditEventJson(4, {
          actor: { type: 'user', id: 'usr_3', email: 'bo%x@acme.example', name: 'Percent' },
          user_agent: 'curl/8.0 "weird" agent',
        }),
        auditEventJson(5, { ip_address: '198.51.100.9', metadata: { note: 'OR NEAR(x y)' } }),
      ],
      [
        requestLogJson(1),
        requestLogJson(2, { status_code: 503, error_code: 'upstream' }),
        requestLogJson(3, { status_code: 404 }),
      ],
    )
  })
  afterEach(() => {
    opened.close()
    temp.remove()
  })

  const ids = (rows: { id: string }[]) => rows.map((row) => row.id)

  it('pages newest first by keyset, and the pages join up to everything', () => {
    const query = createEventQuery(opened.db)
    const first = query.page('audit-events', {}, 2)
    expect(ids(first)).toEqual(['evt_000005', 'evt_000004'])
    const last = first.at(-1)
    const second = query.page(
      'audit-events',
      {},
      10,
      last === undefined ? undefined : { occurredAt: last.occurredAt, rowId: last.rowId },
    )
    expect(ids(second)).toEqual(['evt_000003', 'evt_000002', 'evt_000001'])
    expect(query.count('audit-events', {})).toBe(5)
  })

  it('filters by action prefix, status, ip and time range', () => {
    const query = createEventQuery(opened.db)
    expect(ids(query.page('audit-events', { action: 'template.*' }, 10))).toEqual([
      'evt_000003',
      'evt_000002',
    ])
    expect(ids(query.page('audit-events', { status: 'failure' }, 10))).toEqual(['evt_000003'])
    expect(ids(query.page('audit-events', { ip: '198.51.100.9' }, 10))).toEqual(['evt_000005'])
    const from = Date.UTC(2026, 10, 1) + 2 * 60_000
    const to = Date.UTC(2026, 10, 1) + 4 * 60_000
    expect(ids(query.page('audit-events', { from, to }, 10))).toEqual(['evt_000003', 'evt_000002'])
  })

  it('matches actors by id or email prefix with LIKE wildcards taken literally', () => {
    const query = createEventQuery(opened.db)
    expect(ids(query.page('audit-events', { actor: 'bo_' }, 10))).toEqual(['evt_000002'])
    expect(ids(query.page('audit-events', { actor: 'bo%' }, 10))).toEqual(['evt_000004'])
    expect(ids(query.page('audit-events', { actor: 'usr_1' }, 10))).toEqual([
      'evt_000005',
      'evt_000003',
      'evt_000001',
    ])
  })

  it('searches the full-text index with user text treated as words, never as operators', () => {
    const query = createEventQuery(opened.db)
    expect(ids(query.page('audit-events', { text: 'quota_exceeded' }, 10))).toEqual(['evt_000003'])
    expect(ids(query.page('audit-events', { text: '"weird" agent' }, 10))).toEqual(['evt_000004'])
    expect(ids(query.page('audit-events', { text: 'OR NEAR(x y)' }, 10))).toEqual(['evt_000005'])
    expect(ftsQuery('a "b')).toBe('"a" """b"')
  })

  it('returns the same full-text page whichever way the plan goes', () => {
    const driven = createEventQuery(opened.db, Number.MAX_SAFE_INTEGER)
    const filtered = createEventQuery(opened.db, 0)
    for (const text of ['acme', 'quota_exceeded', 'no-such-word']) {
      expect(ids(filtered.page('audit-events', { text }, 2))).toEqual(
        ids(driven.page('audit-events', { text }, 2)),
      )
      expect(filtered.count('audit-events', { text })).toBe(driven.count('audit-events', { text }))
    }
    expect(ids(driven.page('audit-events', { text: 'acme' }, 2))).toEqual([
      'evt_000005',
      'evt_000004',
    ])
  })

  it('returns the same actor and API key pages whichever way the plan goes, keyset included', () => {
    const actorDriven = createEventQuery(opened.db, Number.MAX_SAFE_INTEGER)
    const timeWalk = createEventQuery(opened.db, 0)
    const cases = [
      ['audit-events', { actor: 'ana@' }],
      ['audit-events', { actor: 'usr_2', from: 0 }],
      ['request-logs', { actor: '9f2c' }],
    ] as const
    for (const [stream, filter] of cases) {
      const first = actorDriven.page(stream, filter, 1)
      expect(ids(first)).toEqual(ids(timeWalk.page(stream, filter, 1)))
      const key = first[0]
      if (key === undefined) throw new Error('expected a row')
      const after = { occurredAt: key.occurredAt, rowId: key.rowId }
      expect(ids(actorDriven.page(stream, filter, 10, after))).toEqual(
        ids(timeWalk.page(stream, filter, 10, after)),
      )
    }
    expect(ids(actorDriven.page('audit-events', { actor: 'ana@' }, 10))).toEqual([
      'evt_000005',
      'evt_000003',
      'evt_000001',
    ])
  })

  it('lists a prefix’s actions as each query runs: an action new to the cache is found at once', () => {
    const query = createEventQuery(opened.db)
    const failedTemplates: EventFilter = { action: 'template.*', status: 'failure' }
    expect(ids(query.page('audit-events', failedTemplates, 10))).toEqual(['evt_000003'])
    loadEvents(
      opened,
      [
        auditEventJson(6, {
          action: 'template.archived',
          category: 'templates',
          status: 'failure',
        }),
      ],
      [],
    )
    expect(ids(query.page('audit-events', failedTemplates, 10))).toEqual([
      'evt_000006',
      'evt_000003',
    ])
    expect(query.count('audit-events', failedTemplates)).toBe(2)
    expect(query.facets('audit-events', failedTemplates)?.[0]?.values).toEqual([
      { value: 'template.archived', count: 1 },
      { value: 'template.created', count: 1 },
    ])
    // A prefix no action has matches nothing, and excluding it excludes nothing.
    expect(query.page('audit-events', { action: 'zzz.*' }, 10)).toEqual([])
    expect(query.count('audit-events', { actions: ['zzz.*', 'template.*'] })).toBe(3)
    expect(query.count('audit-events', { not: { action: 'zzz.*' } })).toBe(6)
    // Prefix characters are literal: `%` and `_` are no wildcards.
    expect(query.count('audit-events', { action: 'templ%.*' })).toBe(0)
    expect(query.count('audit-events', { action: 'template_*' })).toBe(0)
  })

  it('filters request logs by status class and code, and API key', () => {
    const query = createEventQuery(opened.db)
    expect(ids(query.page('request-logs', { status: '5xx' }, 10))).toEqual(['req_000002'])
    expect(ids(query.page('request-logs', { status: '404' }, 10))).toEqual(['req_000003'])
    expect(query.count('request-logs', { status: 'failure' })).toBe(2)
    expect(query.count('request-logs', { actor: '9f2c' })).toBe(3)
  })
})

describe('event query: the full filter model', () => {
  let temp: ReturnType<typeof makeTempDir>
  let opened: OpenDatabase
  const template = (id: string) => ({ type: 'template', id, name: null })
  beforeEach(() => {
    temp = makeTempDir()
    opened = openDatabase(temp.dir, 0)
    registerSqlFunctions(opened.db)
    loadEvents(
      opened,
      [
        auditEventJson(1),
        auditEventJson(2, {
          action: 'template.deleted',
          category: 'templates',
          actor: { type: 'user', id: 'usr_2', email: 'bo_x@acme.example', name: 'Bo' },
          resource: template('tpl_1'),
          ip_address: '2001:db8::5',
        }),
        auditEventJson(3, {
          action: 'template.created',
          category: 'templates',
          status: 'failure',
          failure_reason: 'quota_exceeded',
          resource: template('tpl_2'),
          ip_address: '203.0.114.9',
          metadata: { note: 'the quick brown fox' },
        }),
        auditEventJson(4, {
          action: 'api_key.created',
          category: 'api_keys',
          actor: { type: 'user', id: 'usr_3', email: 'bo%x@acme.example', name: 'Percent' },
          resource: { type: 'api_key', id: 'key_%_1', name: null },
          ip_address: '::ffff:203.0.113.200',
          user_agent: 'curl/8.0 "weird" agent',
        }),
        auditEventJson(5, {
          action: 'project.created',
          category: 'projects',
          resource: { type: 'project', id: 'prj_1', name: null },
          ip_address: '198.51.100.9',
          metadata: { note: 'OR NEAR(x y)' },
        }),
        auditEventJson(6, {
          action: 'user.signed_out',
          ip_address: null,
          metadata: { note: 'brown quick fox' },
        }),
        auditEventJson(7, {
          action: 'template.updated',
          category: 'templates',
          resource: template('tpl_1'),
          ip_address: '2001:db9::1',
        }),
      ],
      [
        requestLogJson(1),
        requestLogJson(2, { status_code: 503, error_code: 'upstream', duration_ms: 2500 }),
        requestLogJson(3, {
          endpoint: '/v1/templates/tpl_1',
          status_code: 404,
          duration_ms: 40,
          api_key: { id: 'key_2', last4: '77aa', name: 'Zapier' },
          ip_address: '2001:db8:1::9',
        }),
        requestLogJson(4, {
          endpoint: '/v1/health',
          duration_ms: 501,
          api_key: { id: 'key_2', last4: '77aa', name: 'Zapier' },
          user_agent: 'probe 100%_sure',
        }),
        requestLogJson(5, { endpoint: '/v1/documents/list', api_key: null, ip_address: null }),
      ],
    )
  })
  afterEach(() => {
    opened.close()
    temp.remove()
  })

  /** The seq numbers a filter selects, newest first; pages and counts must agree. */
  const seqs = (stream: Stream, filter: EventFilter): number[] => {
    const query = createEventQuery(opened.db)
    const rows = query.page(stream, filter, 100)
    expect(query.count(stream, filter)).toBe(rows.length)
    return rows.map((row) => row.seq)
  }
  const audit = (filter: EventFilter) => seqs('audit-events', filter)
  const requests = (filter: EventFilter) => seqs('request-logs', filter)

  it('selects any of several actions or categories', () => {
    expect(audit({ actions: ['template.*', 'user.signed_out'] })).toEqual([7, 6, 3, 2])
    expect(audit({ categories: ['templates', 'projects'] })).toEqual([7, 5, 3, 2])
    expect(audit({ categories: ['templates'], actions: ['template.deleted', 'user.*'] })).toEqual([
      2,
    ])
  })

  it('selects by resource type and id, taken literally', () => {
    expect(audit({ resourceType: 'template' })).toEqual([7, 3, 2])
    expect(audit({ resourceType: 'template', resourceId: 'tpl_1' })).toEqual([7, 2])
    expect(audit({ resourceId: 'key_%_1' })).toEqual([4])
    expect(audit({ resourceId: 'key___1' })).toEqual([])
    expect(audit({ resourceType: "template' OR '1'='1" })).toEqual([])
  })

  it('matches IPv4 and IPv6 CIDR blocks, IPv4-mapped addresses included', () => {
    expect(audit({ ip: '203.0.113.0/24' })).toEqual([4, 1])
    expect(audit({ ip: '203.0.112.0/23' })).toEqual([4, 1])
    expect(audit({ ip: '203.0.112.0/22' })).toEqual([4, 3, 1])
    expect(audit({ ip: '203.0.113.7/32' })).toEqual([1])
    expect(audit({ ip: '0.0.0.0/0' })).toEqual([5, 4, 3, 1])
    expect(audit({ ip: '2001:db8::/32' })).toEqual([2])
    expect(audit({ ip: '2001:db8::/31' })).toEqual([7, 2])
    expect(audit({ ip: '::/0' })).toEqual([7, 2])
    expect(audit({ ip: '::ffff:203.0.113.0/120' })).toEqual([4, 1])
    expect(audit({ ip: '2001:db8::5' })).toEqual([2])
    expect(requests({ ip: '2001:db8::/32' })).toEqual([3])
    expect(requests({ ip: '198.51.100.0/24' })).toEqual([4, 2, 1])
  })

  it('selects by the IP address country recorded from the IP database', () => {
    const countries = new Map([
      ['198.51.100.9', 'RU'],
      ['203.0.113.7', 'AU'],
      ['198.51.100.4', 'RU'],
    ])
    const lookups: string[] = []
    const lookup = (ip: string) => {
      lookups.push(ip)
      return countries.get(ip)
    }
    expect(refreshIpCountries(opened.db, lookup)).toBe(8)
    expect(refreshIpCountries(opened.db, lookup)).toBe(0)
    expect(lookups).toHaveLength(8)
    expect(audit({ country: 'RU' })).toEqual([5])
    expect(audit({ not: { country: 'RU' } })).toEqual([7, 6, 4, 3, 2, 1])
    expect(requests({ country: 'RU' })).toEqual([4, 2, 1])
    expect(requests({ country: 'AU' })).toEqual([])
  })

  it('excludes every negated field, keeping events whose column is empty', () => {
    expect(audit({ not: { actor: 'bo' } })).toEqual([7, 6, 5, 3, 1])
    expect(audit({ not: { status: 'failure' } })).toEqual([7, 6, 5, 4, 2, 1])
    expect(audit({ not: { categories: ['templates', 'projects'] } })).toEqual([6, 4, 1])
    expect(audit({ not: { action: 'template.*' } })).toEqual([6, 5, 4, 1])
    expect(audit({ not: { actions: ['template.*', 'user.*'] } })).toEqual([5, 4])
    expect(audit({ not: { ip: '203.0.113.0/24' } })).toEqual([7, 6, 5, 3, 2])
    expect(audit({ not: { ip: '198.51.100.9' } })).toEqual([7, 6, 4, 3, 2, 1])
    expect(audit({ not: { resourceType: 'template' } })).toEqual([6, 5, 4, 1])
    expect(audit({ action: 'template.*', not: { actor: 'bo', ip: '2001:db9::/32' } })).toEqual([3])
    expect(requests({ not: { apiKey: '9f2c' } })).toEqual([5, 4, 3])
    expect(requests({ not: { actor: '77aa', status: '5xx' } })).toEqual([5, 1])
    expect(requests({ not: { endpoint: '/v1/documents/*' } })).toEqual([4, 3])
  })

  it('matches exact phrases in order, with operators and quotes kept as text', () => {
    expect(audit({ phrase: ['quick brown'] })).toEqual([3])
    expect(audit({ text: 'quick brown' })).toEqual([6, 3])
    expect(audit({ phrase: ['brown fox'], text: 'the' })).toEqual([3])
    expect(audit({ phrase: ['OR NEAR(x y)'] })).toEqual([5])
    expect(audit({ phrase: ['NEAR(x'] })).toEqual([5])
    expect(audit({ phrase: ['"weird" agent'] })).toEqual([4])
    expect(audit({ phrase: ['quick brown', 'brown quick'] })).toEqual([])
    expect(audit({ text: 'x AND NOT y OR' })).toEqual([])
  })

  it('filters request logs by API key, endpoint, slowness and substrings', () => {
    expect(requests({ apiKey: '77aa' })).toEqual([4, 3])
    expect(requests({ apiKey: 'key_1' })).toEqual([2, 1])
    expect(requests({ actor: 'key_2' })).toEqual([4, 3])
    expect(requests({ endpoint: '/v1/documents/generate' })).toEqual([2, 1])
    expect(requests({ endpoint: '/v1/documents/*' })).toEqual([5, 2, 1])
    expect(requests({ endpoint: '/v1/documents%' })).toEqual([])
    expect(requests({ action: '/v1/health' })).toEqual([4])
    expect(requests({ minDurationMs: 500 })).toEqual([4, 2])
    expect(requests({ minDurationMs: 501 })).toEqual([2])
    expect(requests({ text: '100%_' })).toEqual([4])
    expect(requests({ text: '%' })).toEqual([4])
    expect(requests({ text: '_' })).toEqual([4, 3])
    expect(requests({ phrase: ['probe 100'] })).toEqual([4])
    expect(requests({ phrase: ['upstream'], status: '5xx' })).toEqual([2])
  })

  it('ignores fields of the other stream', () => {
    expect(requests({ categories: ['templates'], resourceType: 'template' })).toHaveLength(5)
    expect(audit({ apiKey: '9f2c', endpoint: '/v1/health', minDurationMs: 1 })).toHaveLength(7)
  })

  it('returns the same API key pages whichever way the plan goes', () => {
    const keyDriven = createEventQuery(opened.db, Number.MAX_SAFE_INTEGER)
    const timeWalk = createEventQuery(opened.db, 0)
    const filter = { apiKey: '77aa', not: { status: '404' } }
    expect(keyDriven.page('request-logs', filter, 10).map((row) => row.seq)).toEqual([4])
    expect(timeWalk.page('request-logs', filter, 10).map((row) => row.seq)).toEqual([4])
  })

  it('binds every value: no filter text reaches the SQL', () => {
    const marker = 'zq\'"%_'
    const hostile = fc.string({ maxLength: 8 }).map((text) => `${marker}${text}`)
    fc.assert(
      fc.property(hostile, (value) => {
        const filter: EventFilter = {
          actor: value,
          actions: [`${value}.*`, value],
          categories: [value],
          resourceType: value.replace(/[:*]/g, ''),
          resourceId: value,
          apiKey: value,
          endpoint: `${value}*`,
          text: value,
          phrase: [value],
          not: { actor: value, categories: [value], endpoint: value },
        }
        for (const stream of ['audit-events', 'request-logs'] as const) {
          const where = filterToSql(stream, filter)
          expect(where.clause).not.toContain('zq')
          const table = stream === 'audit-events' ? 'audit_events' : 'request_logs'
          opened.db
            .prepare(`SELECT count(*) FROM ${table} AS e WHERE ${where.clause}`)
            .get(where.params)
        }
      }),
      { numRuns: 50 },
    )
  })
})
