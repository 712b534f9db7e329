import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemoServer, type DemoServer } from './index'
import { fixedNow, getPage, pageAll, type Page } from './test-support'

let server: DemoServer
let clock = fixedNow

beforeAll(async () => {
  server = await startDemoServer({
    seed: 7,
    auditEvents: 2_000,
    requestLogs: 5_000,
    days: 30,
    now: () => clock,
  })
})
afterAll(async () => {
  await server.close()
})

const seqs = (events: Page['data']): number[] => events.map((event) => event.seq)
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, index) => from + index)

describe('paging by seq', () => {
  it.each([1, 7, 100, 1000])(
    'returns every audit event exactly once, in seq order, with limit %i',
    async (limit) => {
      const events = await pageAll(server, 'audit-events', limit)
      expect(seqs(events)).toEqual(range(1, server.counts.auditEvents))
      expect(new Set(events.map((event) => event.id)).size).toBe(events.length)
    },
  )

  it.each([7, 1000])(
    'returns every request log entry exactly once with limit %i',
    async (limit) => {
      const events = await pageAll(server, 'request-logs', limit)
      expect(seqs(events)).toEqual(range(1, server.counts.requestLogs))
    },
  )

  it('keeps recorded_at non-decreasing with seq while occurred_at order differs, and delays within 30 minutes', async () => {
    const events = await pageAll(server, 'audit-events', 1000)
    let outOfOrder = 0
    for (const [index, event] of events.entries()) {
      const recorded = Date.parse(event.recorded_at)
      const occurred = Date.parse(event.occurred_at)
      expect(recorded - occurred).toBeGreaterThanOrEqual(0)
      expect(recorded - occurred).toBeLessThanOrEqual(30 * 60_000)
      expect(recorded).toBeLessThanOrEqual(fixedNow)
      const previous = events[index - 1]
      if (previous === undefined) continue
      expect(recorded).toBeGreaterThanOrEqual(Date.parse(previous.recorded_at))
      if (occurred < Date.parse(previous.occurred_at)) outOfOrder += 1
    }
    expect(outOfOrder).toBeGreaterThan(0)
  })

  it('always sends next_cursor; an empty caught-up page keeps the position and later delivers new events', async () => {
    const all = await pageAll(server, 'request-logs', 1000)
    const last = await getPage(
      server,
      'request-logs',
      `since=${encodeURIComponent(all.at(-1)?.recorded_at ?? '')}&limit=1000`,
    )
    expect(last.has_more).toBe(false)
    const empty = await getPage(
      server,
      'request-logs',
      `cursor=${encodeURIComponent(last.next_cursor)}`,
    )
    expect(empty.data).toEqual([])
    expect(empty.has_more).toBe(false)
    expect(typeof empty.next_cursor).toBe('string')
    clock += 60_000
    server.appendLiveActivity(3)
    const fresh = await getPage(
      server,
      'request-logs',
      `cursor=${encodeURIComponent(empty.next_cursor)}`,
    )
    expect(seqs(fresh.data)).toEqual(range(all.length + 1, all.length + 3))
  })

  it('reports the oldest recorded_at as oldest_available_at', async () => {
    const first = await getPage(server, 'audit-events', 'limit=1')
    expect(first.data[0]?.seq).toBe(1)
    expect(first.oldest_available_at).toBe(first.data[0]?.recorded_at)
  })
})

describe('since', () => {
  it('starts at the first event recorded at or after the instant, whatever the offset or precision', async () => {
    const events = await pageAll(server, 'audit-events', 1000)
    for (const target of [events[0], events[500], events[1234], events.at(-1)]) {
      if (target === undefined) throw new Error('too few events')
      const instant = Date.parse(target.recorded_at)
      const expected = events.find((event) => Date.parse(event.recorded_at) >= instant)?.seq
      const plusTwo = new Date(instant + 2 * 3_600_000).toISOString().replace('Z', '+02:00')
      for (const since of [target.recorded_at, plusTwo, target.recorded_at.replace('Z', '000Z')]) {
        const page = await getPage(
          server,
          'audit-events',
          `since=${encodeURIComponent(since)}&limit=3`,
        )
        expect(page.data[0]?.seq).toBe(expected)
      }
      // A sub-millisecond later instant excludes events recorded in that very millisecond.
      const later = target.recorded_at.replace('Z', '0001Z')
      const after = await getPage(
        server,
        'audit-events',
        `since=${encodeURIComponent(later)}&limit=1`,
      )
      const firstLater = events.find((event) => Date.parse(event.recorded_at) > instant)?.seq
      expect(after.data[0]?.seq).toBe(firstLater)
    }
  })

  it('starts at the oldest event for an instant before the history and is empty after it', async () => {
    const before = await getPage(server, 'audit-events', 'since=2000-01-01T00:00:00Z&limit=2')
    expect(seqs(before.data)).toEqual([1, 2])
    const future = await getPage(server, 'audit-events', 'since=2100-01-01T00:00:00Z')
    expect(future.data).toEqual([])
    expect(future.has_more).toBe(false)
  })
})
