import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadEvents } from '../../../test/helpers/load-events'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { describeFilter } from '../../shared/filter-summary'
import { formatQuery, parseQuery } from '../../shared/query-language'
import { createEventQuery } from '../query/event-query'
import { filterToSql } from '../query/filter-sql'
import { openDatabase, type OpenDatabase } from '../store/database'
import { createSyncStore } from '../store/sync-store'
import { auditEventJson, requestLogJson } from '../sync/test-events'
import { evaluateNewEvents } from './evaluate'

describe('the alert: qualifier', () => {
  it('reads an alert number and writes it back', () => {
    const parsed = parseQuery('alert:42 actor:ana@', 'audit-events')
    expect(parsed).toEqual({ filter: { alert: 42, actor: 'ana@' }, errors: [] })
    expect(formatQuery(parsed.filter)).toBe('actor:ana@ alert:42')
    expect(describeFilter(parsed.filter)).toBe('actor ana@, the event of alert 42')
  })

  it('refuses what is not an alert number, an exclusion, and request logs', () => {
    for (const [text, message] of [
      ['alert:abc', /^alert: expects an alert number such as alert:42, not "abc"/],
      ['alert:0', /^alert: expects an alert number/],
      ['alert:1e3', /^alert: expects an alert number/],
      ['alert:9999999999999999', /^alert: expects an alert number/],
      ['-alert:4', /^alert: cannot be excluded/],
    ] as const) {
      const parsed = parseQuery(text, 'audit-events')
      expect(parsed.filter).toEqual({})
      expect(parsed.errors[0]?.message, text).toMatch(message)
    }
    expect(parseQuery('alert:4', 'request-logs').errors[0]?.message).toMatch(
      /^alert: applies to audit events only/,
    )
    expect(filterToSql('request-logs', { alert: 4 }).clause).toBe('0')
  })
})

describe('the alert filter over the cache', () => {
  let temp: ReturnType<typeof makeTempDir>
  let opened: OpenDatabase
  beforeEach(() => {
    temp = makeTempDir()
    opened = openDatabase(temp.dir, 0)
  })
  afterEach(() => {
    opened.close()
    temp.remove()
  })

  it('finds exactly the event an alert is about, through the event id index', () => {
    const connectionId = loadEvents(
      opened,
      [
        auditEventJson(1),
        auditEventJson(2, { action: 'api_key.created' }),
        auditEventJson(3, { action: 'api_key.created' }),
      ],
      [requestLogJson(1)],
    )
    createSyncStore(opened.db).markSuccess(connectionId, 'audit-events', 0)
    const [first, second] = evaluateNewEvents(opened.db, connectionId, 1).alerts
    if (first === undefined || second === undefined) throw new Error('two alerts expected')
    const query = createEventQuery(opened.db)
    const rows = query.page('audit-events', { connectionId, alert: second.id }, 10)
    expect(rows.map((row) => row.id)).toEqual(['evt_000003'])
    expect(query.page('audit-events', { alert: 999 }, 10)).toEqual([])
    const where = filterToSql('audit-events', { alert: first.id })
    const plan = opened.db
      .prepare<Record<string, string | number>, { detail: string }>(
        `EXPLAIN QUERY PLAN SELECT * FROM audit_events AS e WHERE ${where.clause}`,
      )
      .all(where.params)
      .map((step) => step.detail)
      .join('\n')
    expect(plan).toMatch(/audit_events_by_id/)
  })
})
