import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { openDatabase, type OpenDatabase } from '../store/database'
import { loadEvents } from '../../../test/helpers/load-events'
import { auditEventJson, requestLogJson } from '../sync/test-events'
import { createEventQuery } from './event-query'
import { ftsQuery } from './filter-sql'

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

  it('filters request logs by status class and code, and API key', () => {
    const query = createEventQuery(opened.db)
    expect(ids(query.page('request-logs', { status: '5xx' }, 10))).toEqual(['req_000002'])
    expect(ids(query.page('request-logs', { status: '404' }, 10))).toEqual(['req_000003'])
    expect(query.count('request-logs', { status: 'failure' })).toBe(2)
    expect(query.count('request-logs', { actor: '9f2c' })).toBe(3)
  })
})
