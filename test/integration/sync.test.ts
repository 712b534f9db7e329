import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemoServer, type DemoServer } from '../../src/demo-org/index'
import type { CoreEvent } from '../../src/shared/contract'
import { cachedEvents, fetchAllFromServer, openCache, syncWith } from '../helpers/sync-harness'
import { makeTempDir } from '../helpers/temp-dir'

const small = { seed: 7, auditEvents: 2000, requestLogs: 4000, days: 12 }

describe('sync against the demo organization', () => {
  let server: DemoServer
  let temp: ReturnType<typeof makeTempDir>
  beforeAll(async () => {
    server = await startDemoServer(small)
    temp = makeTempDir()
  })
  afterAll(async () => {
    await server.close()
    temp.remove()
  })

  it('copies every event of both streams exactly once, with the raw JSON as served', async () => {
    const opened = openCache(path.join(temp.dir, 'full'))
    const events: CoreEvent[] = []
    const result = await syncWith(
      opened,
      { baseUrl: server.url, apiKey: server.keys.full },
      { events },
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.streams.map((stream) => stream.outcome)).toEqual(['complete', 'complete'])
    for (const stream of ['audit-events', 'request-logs'] as const) {
      const expected = await fetchAllFromServer(server.url, server.keys.full, stream)
      expect(cachedEvents(opened.db, stream)).toEqual(expected)
    }
    expect(result.streams[0]?.newEvents).toBe(server.counts.auditEvents)
    expect(result.indexed).toBe(server.counts.auditEvents)
    // The initial sync deferred the secondary indexes; every one of them is back.
    const names = (db: typeof opened.db) =>
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").pluck().all()
    const fresh = openCache(path.join(temp.dir, 'fresh'))
    expect(names(opened.db)).toEqual(names(fresh.db))
    fresh.close()
    expect(
      events.some(
        (event) => event.name === 'sync.progress' && event.payload.stream === 'request-logs',
      ),
    ).toBe(true)
    opened.close()
  })

  it('pulls only what is new on the next run', async () => {
    const opened = openCache(path.join(temp.dir, 'incremental'))
    await syncWith(opened, { baseUrl: server.url, apiKey: server.keys.full })
    server.appendLiveActivity(25)
    const second = await syncWith(opened, { baseUrl: server.url, apiKey: server.keys.full })
    expect(
      second.ok && second.streams.map((stream) => [stream.newEvents, stream.duplicates]),
    ).toEqual([
      [25, 0],
      [25, 0],
    ])
    const third = await syncWith(opened, { baseUrl: server.url, apiKey: server.keys.full })
    expect(third.ok && third.streams.map((stream) => stream.newEvents)).toEqual([0, 0])
    for (const stream of ['audit-events', 'request-logs'] as const) {
      expect(cachedEvents(opened.db, stream)).toEqual(
        await fetchAllFromServer(server.url, server.keys.full, stream),
      )
    }
    opened.close()
  })

  it('stops at once on a revoked key (401) and on a key without the scope (403), naming the fix', async () => {
    const opened = openCache(path.join(temp.dir, 'keys'))
    const revoked = await syncWith(opened, { baseUrl: server.url, apiKey: server.keys.revoked })
    expect(revoked).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    if (!revoked.ok) expect(revoked.error.message).toMatch(/Create a new key/)
    const noScope = await syncWith(opened, { baseUrl: server.url, apiKey: server.keys.noScope })
    expect(noScope).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    if (!noScope.ok) expect(noScope.error.message).toMatch(/audit_logs:read/)
    expect(JSON.stringify([revoked, noScope])).not.toContain(server.keys.revoked)
    opened.close()
  })

  it('starts at --since when asked, skipping older events', async () => {
    const opened = openCache(path.join(temp.dir, 'since'))
    const all = await fetchAllFromServer(server.url, server.keys.full, 'audit-events')
    const middle = all[Math.floor(all.length / 2)]?.json as { recorded_at: string }
    const since = Date.parse(middle.recorded_at)
    await syncWith(opened, {
      baseUrl: server.url,
      apiKey: server.keys.full,
      since,
      streams: ['audit-events'],
    })
    const cached = cachedEvents(opened.db, 'audit-events')
    const expected = all.filter(
      (event) => Date.parse((event.json as { recorded_at: string }).recorded_at) >= since,
    )
    expect(cached).toEqual(expected)
    opened.close()
  })
})
