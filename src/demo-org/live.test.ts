import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startDemoServer, type DemoServer } from './index'
import { fixedNow, getJson, getPage, pageAll } from './test-support'

let clock = fixedNow
let server: DemoServer

beforeAll(async () => {
  server = await startDemoServer({
    seed: 4,
    auditEvents: 500,
    requestLogs: 400,
    days: 5,
    now: () => clock,
  })
})
afterAll(async () => {
  await server.close()
})

describe('live activity', () => {
  it('appends new events with consecutive seqs, recorded at the injected now, and incremental sync picks them up', async () => {
    const history = await pageAll(server, 'audit-events', 1000)
    const caughtUp = await getPage(
      server,
      'audit-events',
      `since=${encodeURIComponent(history.at(-1)?.recorded_at ?? '')}&limit=1000`,
    )
    clock = fixedNow + 5 * 60_000
    server.appendLiveActivity(25)
    const fresh = await pageAll(
      server,
      'audit-events',
      10,
      `&cursor=${encodeURIComponent(caughtUp.next_cursor)}`,
    )
    expect(fresh.map((event) => event.seq)).toEqual(
      Array.from({ length: 25 }, (_, index) => history.length + 1 + index),
    )
    for (const event of fresh) {
      expect(event.recorded_at).toBe(new Date(clock).toISOString())
      expect(Date.parse(event.occurred_at)).toBeLessThanOrEqual(clock)
    }
    const logs = await pageAll(server, 'request-logs', 1000)
    expect(
      logs.slice(-25).every((entry) => entry.recorded_at === new Date(clock).toISOString()),
    ).toBe(true)
  })

  it('updates stats for the day that gained events', async () => {
    const today = new Date(clock).toISOString().slice(0, 10)
    const before = (await getJson(server, `/v1/audit-events/stats?from=${today}&to=${today}`))
      .body as { days: { count: number; ids_sha256: string }[] }
    server.appendLiveActivity(4)
    const after = (await getJson(server, `/v1/audit-events/stats?from=${today}&to=${today}`))
      .body as { days: { count: number; ids_sha256: string }[] }
    expect(after.days[0]?.count).toBe((before.days[0]?.count ?? 0) + 4)
    expect(after.days[0]?.ids_sha256).not.toBe(before.days[0]?.ids_sha256)
  })

  it('is deterministic for the same seed and clock', async () => {
    const make = (): Promise<DemoServer> =>
      startDemoServer({
        seed: 4,
        auditEvents: 300,
        requestLogs: 200,
        days: 4,
        now: () => fixedNow + 1000,
      })
    const [first, second] = [await make(), await make()]
    try {
      first.appendLiveActivity(10)
      second.appendLiveActivity(10)
      expect(await pageAll(first, 'audit-events', 1000)).toEqual(
        await pageAll(second, 'audit-events', 1000),
      )
      expect(await pageAll(first, 'request-logs', 1000)).toEqual(
        await pageAll(second, 'request-logs', 1000),
      )
    } finally {
      await first.close()
      await second.close()
    }
  })

  it('with live: true, appends a few events every second of the timer', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const demo = await startDemoServer({
      seed: 4,
      auditEvents: 300,
      requestLogs: 200,
      days: 4,
      now: () => fixedNow,
      live: true,
    })
    try {
      const before = demo.counts.auditEvents
      vi.advanceTimersByTime(3_000)
      const events = await pageAll(demo, 'audit-events', 1000)
      expect(events.length - before).toBeGreaterThanOrEqual(6)
      expect(events.length - before).toBeLessThanOrEqual(15)
    } finally {
      vi.useRealTimers()
      await demo.close()
    }
  })

  it('rejects a negative or fractional count', () => {
    expect(() => {
      server.appendLiveActivity(-1)
    }).toThrow(/whole number/)
    expect(() => {
      server.appendLiveActivity(1.5)
    }).toThrow(/whole number/)
  })
})
