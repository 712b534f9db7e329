import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { createEventQuery } from '../query/event-query'
import { loadEvents } from '../../../test/helpers/load-events'
import { auditEventJson, requestLogJson } from '../sync/test-events'
import { openDatabase, type OpenDatabase } from './database'
import { createRetention } from './retention'

const day = 86_400_000
const start = Date.UTC(2026, 0, 1)

function load(opened: OpenDatabase): void {
  // One audit event and one request per day for 10 days.
  const days = Array.from({ length: 10 }, (_, index) => new Date(start + index * day).toISOString())
  loadEvents(
    opened,
    days.map((at, index) =>
      auditEventJson(index + 1, {
        occurred_at: at,
        recorded_at: at,
        user_agent: `agent-day-${index}`,
      }),
    ),
    days.map((at, index) => requestLogJson(index + 1, { occurred_at: at, recorded_at: at })),
  )
}

describe('local retention', () => {
  let temp: ReturnType<typeof makeTempDir>
  let opened: OpenDatabase
  beforeEach(() => {
    temp = makeTempDir()
    opened = openDatabase(temp.dir, 0)
    load(opened)
  })
  afterEach(() => {
    opened.close()
    temp.remove()
  })

  it('keeps everything by default', () => {
    const retention = createRetention(opened.db)
    expect(retention.retentionDays()).toBeNull()
    expect(retention.prune(start + 100 * day)).toBeNull()
    expect(createEventQuery(opened.db).count('audit-events', {})).toBe(10)
  })

  it('prunes events older than the setting, in both streams and the full-text index', () => {
    const retention = createRetention(opened.db)
    retention.setRetentionDays(3)
    const result = retention.prune(start + 10 * day)
    expect(result).toEqual({ cutoff: start + 7 * day, auditEvents: 7, requestLogs: 7 })
    const query = createEventQuery(opened.db)
    expect(query.count('audit-events', {})).toBe(3)
    expect(query.count('request-logs', {})).toBe(3)
    expect(query.count('audit-events', { text: 'agent-day-1' })).toBe(0)
    expect(query.count('audit-events', { text: 'agent-day-8' })).toBe(1)
  })

  it('never prunes events inside a held period', () => {
    const retention = createRetention(opened.db)
    retention.setRetentionDays(1)
    retention.hold(start + 2 * day, start + 4 * day, 'SOC 2 pack Q1', 0)
    retention.prune(start + 10 * day)
    const kept = createEventQuery(opened.db)
      .page('audit-events', {}, 100)
      .map((row) => row.seq)
    expect(kept.sort((a, b) => a - b)).toEqual([3, 4, 10])
    expect(retention.holds()).toMatchObject([
      { from: start + 2 * day, to: start + 4 * day, reason: 'SOC 2 pack Q1' },
    ])
  })

  it('indexes new events for full-text search after pruning freed the highest row ids', () => {
    const retention = createRetention(opened.db)
    retention.setRetentionDays(1)
    retention.prune(start + 400 * day)
    expect(createEventQuery(opened.db).count('audit-events', {})).toBe(0)
    const at = new Date(start + 399 * day).toISOString()
    loadEvents(
      opened,
      [auditEventJson(11, { occurred_at: at, recorded_at: at, user_agent: 'fresh-agent' })],
      [],
    )
    expect(createEventQuery(opened.db).count('audit-events', { text: 'fresh-agent' })).toBe(1)
  })

  it('previews exactly what a prune would remove, and what holds keep, deleting nothing', () => {
    const retention = createRetention(opened.db)
    retention.hold(start + 2 * day, start + 4 * day, 'SOC 2 pack Q1', 0)
    const preview = retention.preview(start + 10 * day, 3)
    expect(preview).toEqual({
      cutoff: start + 7 * day,
      auditEvents: 5,
      requestLogs: 5,
      heldEvents: 4,
    })
    expect(createEventQuery(opened.db).count('audit-events', {})).toBe(10)
    retention.setRetentionDays(3)
    const { cutoff, auditEvents, requestLogs } = preview
    expect(retention.prune(start + 10 * day)).toEqual({ cutoff, auditEvents, requestLogs })
  })

  it('refuses a retention below one day and an empty hold', () => {
    const retention = createRetention(opened.db)
    expect(() => {
      retention.setRetentionDays(0)
    }).toThrow(/at least 1/)
    expect(() => {
      retention.setRetentionDays(36_501)
    }).toThrow(/at most 36500/)
    expect(() => {
      retention.setRetentionDays(2.5)
    }).toThrow(/whole number/)
    expect(() => retention.hold(5, 5, 'x', 0)).toThrow(/end after it starts/)
  })
})
