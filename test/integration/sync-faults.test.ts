import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseFaults, startDemoServer, type DemoServer } from '../../src/demo-org/index'
import {
  cachedEvents,
  fetchAllFromServer,
  makeFakeTime,
  openCache,
  syncWith,
} from '../helpers/sync-harness'
import { makeTempDir } from '../helpers/temp-dir'

// Every fault of the demo server (issue 3) against the engine: each run ends with the server's
// events in the cache exactly once, or stops with a clear code and keeps what it had stored.
const small = { seed: 11, auditEvents: 1500, requestLogs: 2500, days: 8 }

describe('sync through faults', () => {
  let temp: ReturnType<typeof makeTempDir>
  let server: DemoServer | undefined
  beforeEach(() => {
    temp = makeTempDir()
  })
  afterEach(async () => {
    await server?.close()
    server = undefined
    temp.remove()
  })

  async function expectExactCopy(
    opened: ReturnType<typeof openCache>,
    demo: DemoServer,
  ): Promise<void> {
    for (const stream of ['audit-events', 'request-logs'] as const) {
      const cached = cachedEvents(opened.db, stream)
      expect(new Set(cached.map((event) => event.id)).size).toBe(cached.length)
      expect(cached).toEqual(await fetchAllFromServer(demo.url, demo.keys.full, stream))
    }
  }

  it.each([
    ['500/503 responses', 'error-rate=0.3'],
    ['429 bursts with Retry-After', 'burst-429=3'],
    ['pages that repeat earlier events', 'repeat=0.5'],
    ['truncated bodies', 'truncate=0.3'],
    ['slow responses', 'slow=20'],
  ])('survives %s with nothing lost or doubled', async (_, spec) => {
    server = await startDemoServer({ ...small, faults: parseFaults(spec) })
    const opened = openCache(path.join(temp.dir, 'cache'))
    const sleeps: number[] = []
    const result = await syncWith(
      opened,
      { baseUrl: server.url, apiKey: server.keys.full, limit: 200 },
      { sleeps },
    )
    expect(result.ok && result.streams.map((stream) => stream.outcome)).toEqual([
      'complete',
      'complete',
    ])
    await expectExactCopy(opened, server)
    if (spec.startsWith('repeat'))
      expect(result.ok && result.streams[0]?.duplicates).toBeGreaterThan(0)
    if (spec.startsWith('burst-429')) expect(sleeps).toContain(1000)
    opened.close()
  })

  it('waits out a per-minute rate limit and slows down before hitting it', async () => {
    const time = makeFakeTime(Date.UTC(2026, 10, 26, 12))
    server = await startDemoServer({
      ...small,
      now: time.clock,
      faults: parseFaults('rate-limit=20'),
    })
    const opened = openCache(path.join(temp.dir, 'cache'))
    const result = await syncWith(
      opened,
      { baseUrl: server.url, apiKey: server.keys.full, limit: 100 },
      { clock: time.clock, sleep: time.sleep },
    )
    expect(result.ok && result.streams.map((stream) => stream.outcome)).toEqual([
      'complete',
      'complete',
    ])
    expect(time.sleeps.length).toBeGreaterThan(0)
    await expectExactCopy(opened, server)
    opened.close()
  })

  it('stops with unauthorized when the key is revoked mid-sync, keeping every page it stored', async () => {
    server = await startDemoServer({ ...small, faults: parseFaults('revoke-after=4') })
    const opened = openCache(path.join(temp.dir, 'cache'))
    const result = await syncWith(opened, {
      baseUrl: server.url,
      apiKey: server.keys.full,
      limit: 100,
      streams: ['audit-events'],
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.streams[0]).toMatchObject({
      outcome: 'failed',
      error: { code: 'unauthorized' },
      newEvents: 300,
    })
    expect(cachedEvents(opened.db, 'audit-events')).toHaveLength(300)
    const runs = opened.db.prepare('SELECT outcome, error_code, new_events FROM sync_runs').all()
    expect(runs).toEqual([{ outcome: 'failed', error_code: 'unauthorized', new_events: 300 }])
    opened.close()
  })

  it('records a gap and restarts from the oldest available event after 410 cursor_expired', async () => {
    server = await startDemoServer({ ...small, faults: parseFaults('expire-cursor-at=3') })
    const opened = openCache(path.join(temp.dir, 'cache'))
    const result = await syncWith(opened, {
      baseUrl: server.url,
      apiKey: server.keys.full,
      limit: 100,
      streams: ['audit-events'],
    })
    expect(result.ok && result.streams[0]?.outcome).toBe('complete')
    const gaps = opened.db
      .prepare<[], { from_seq: number; to_seq: number; reason: string }>(
        'SELECT from_seq, to_seq, reason FROM gaps',
      )
      .all()
    expect(gaps).toHaveLength(1)
    expect(gaps[0]?.reason).toBe('cursor_expired')
    const cached = cachedEvents(opened.db, 'audit-events')
    const served = await fetchAllFromServer(server.url, server.keys.full, 'audit-events')
    const missing = (gaps[0]?.to_seq ?? 0) - (gaps[0]?.from_seq ?? 0) + 1
    expect(cached.length + missing).toBe(served.at(-1)?.seq ?? 0)
    expect(cached.slice(-served.length)).toEqual(served)
    opened.close()
  })
})
