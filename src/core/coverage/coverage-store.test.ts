import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { openDatabase, type OpenDatabase } from '../store/database'
import { createSyncStore } from '../store/sync-store'
import { parsePage } from '../sync/page-parser'
import { auditEventJson, pageBytes } from '../sync/test-events'
import { dayMs, dayOf, dayText } from '../verify/days'
import { readCoverage } from './coverage-days'
import { createCoverageStore } from './coverage-store'

const start = Date.UTC(2026, 10, 1)
const at = (day: number, hour: number) => new Date(start + day * dayMs + hour * 3_600_000)

/** An audit event `seq` that occurred on day `day` (from 2026-11-01) and was recorded at once. */
const event = (seq: number, day: number, hour = 12) =>
  auditEventJson(seq, {
    occurred_at: at(day, hour).toISOString(),
    recorded_at: at(day, hour).toISOString(),
  })

describe('the coverage calendar over a cache', () => {
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

  function load(organizationId: string, events: Record<string, unknown>[]): string {
    const store = createSyncStore(opened.db)
    const connection = store.ensureConnection('http://127.0.0.1:1', organizationId, 'Acme', 0)
    const page = parsePage('audit-events', pageBytes(events))
    if ('code' in page) throw new Error(page.message)
    store.applyPage({
      connectionId: connection.id,
      stream: 'audit-events',
      runId: store.startRun(connection.id, 'audit-events', 0),
      items: page.items,
      nextCursor: 'c',
      oldestAvailableAt: 0,
      gapReason: 'cursor_expired',
      now: 5,
    })
    return connection.id
  }

  it('counts each connection’s own events per day when the cache holds several', () => {
    const first = load('org_1', [event(1, 0), event(2, 0), event(3, 2)])
    const second = load('org_2', [event(1, 1)])
    const store = createCoverageStore(opened.db)
    const day0 = dayOf(start)
    expect([...store.dayCounts(first, 'audit-events')]).toEqual([
      [day0, 2],
      [day0 + 2, 1],
    ])
    expect([...store.dayCounts(second, 'audit-events')]).toEqual([[day0 + 1, 1]])
    expect(store.dayCounts(second, 'request-logs').size).toBe(0)
  })

  it('marks the days a seq gap may have taken events from, and empty days inside the period', () => {
    // Seqs 3..5 never arrived: recorded between day 3 (seq 2) and day 5 (seq 6).
    const connectionId = load('org_1', [
      event(1, 0),
      event(2, 3, 6),
      event(6, 5, 1),
      event(7, 7),
      event(8, 9),
    ])
    const days = readCoverage(
      createCoverageStore(opened.db),
      connectionId,
      'audit-events',
      start + 9 * dayMs,
    )
    const statusOf = (day: number) =>
      days.find((entry) => entry.date === dayText(dayOf(start) + day))?.status
    expect(days.at(-1)?.date).toBe('2026-11-10')
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(statusOf)).toEqual([
      'unverified',
      'gap', // empty, inside the cached period
      'gap', // the day before seq 2 was recorded: an event recorded on day 3 may have occurred then
      'gap',
      'gap',
      'gap',
      'gap', // empty, inside the cached period
      'unverified',
      'gap',
      'unverified',
    ])
  })
})
