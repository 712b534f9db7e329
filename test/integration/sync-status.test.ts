// The sync-status and Settings methods end to end through the dispatcher, against the demo
// organization: the coverage calendar after a sync and a verification, a tampered row found and
// repaired, follow mode syncing again after its interval (an injected sleep released by hand),
// the writer lock between syncs and long cache tasks, and the Settings' validation.
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CoreEvent } from '../../src/shared/contract'
import type { MethodName } from '../../src/shared/method-names'
import { createDispatcher } from '../../src/core/dispatcher'
import { silentLogger } from '../../src/core/ports'
import { databaseFileName } from '../../src/core/store/database'
import { dayMs } from '../../src/core/verify/days'
import { startDemoServer, type DemoServer } from '../../src/demo-org/index'
import { makeTempDir } from '../helpers/temp-dir'
import { makeTestCore } from '../helpers/test-core'

type Outcome =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; error: { code: string; message: string } }

type Day = {
  date: string
  events: number
  status: string
  checkedAt: number | null
  serverCount: number | null
}

/** A sleep the test releases by hand: each call waits until `release` (or its signal aborts). */
function manualSleep() {
  const waits: { ms: number; resolve: () => void; signal: AbortSignal | undefined }[] = []
  return {
    waits,
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve) => {
        waits.push({ ms, resolve, signal })
        signal?.addEventListener('abort', () => {
          resolve()
        })
      }),
    release: () => {
      for (const wait of waits.splice(0)) wait.resolve()
    },
  }
}

function startSession(
  demo: DemoServer,
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>,
) {
  const temp = makeTempDir()
  const session = makeTestCore(temp.dir, {
    clock: Date.now,
    demo: { start: () => Promise.resolve({ url: demo.url, apiKey: demo.keys.full }) },
    ...(sleep === undefined ? {} : { sleep }),
  })
  const dispatch = createDispatcher(session.core.handlers, silentLogger)
  const call = async (method: MethodName, input: unknown = {}) =>
    (await dispatch(method, input)) as Outcome
  const value = async (method: MethodName, input: unknown = {}) => {
    const result = await call(method, input)
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
    return result.value
  }
  const error = async (method: MethodName, input: unknown) => {
    const result = await call(method, input)
    if (result.ok) throw new Error(`${method} unexpectedly succeeded`)
    return result.error
  }
  /** Waits until `count` syncs have finished. */
  const finishedSyncs = async (count: number): Promise<CoreEvent[]> => {
    for (let waited = 0; waited < 60_000; waited += 20) {
      const ends = session.events.filter((event) => event.name === 'sync.finished')
      if (ends.length >= count) return ends
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    throw new Error(`${String(count)} syncs did not finish`)
  }
  let raw: Database.Database | undefined
  /** A second connection to the cache file, for what only someone with the file could do. */
  const rawCache = () => (raw ??= new Database(path.join(temp.dir, databaseFileName)))
  const close = () => {
    raw?.close()
    session.core.close()
    temp.remove()
  }
  return { session, call, value, error, finishedSyncs, rawCache, close }
}

type Session = ReturnType<typeof startSession>

async function calendar(session: Session, connectionId: string, stream: string) {
  const result = await session.value('coverage.days', { connectionId, stream })
  return result as { days: Day[]; summary: Record<string, number> }
}

let demo: DemoServer

beforeAll(async () => {
  demo = await startDemoServer({ seed: 5, auditEvents: 1_500, requestLogs: 2_000, days: 8 })
})

afterAll(async () => {
  await demo.close()
})

describe('the coverage calendar', () => {
  let session: Session
  let connectionId: string
  beforeAll(async () => {
    session = startSession(demo)
    connectionId = (await session.value('demo.start')).connectionId as string
    await session.finishedSyncs(1)
  })
  afterAll(() => {
    session.close()
  })

  it('shows every day of a freshly synced organization verified after a verification', async () => {
    const before = await calendar(session, connectionId, 'audit-events')
    expect(before.summary.verified).toBe(0)
    const verified = await session.value('coverage.verify', { connectionId })
    const streams = verified.streams as { stream: string; ok: boolean; mismatched: number }[]
    expect(streams.map((stream) => [stream.stream, stream.ok, stream.mismatched])).toEqual([
      ['audit-events', true, 0],
      ['request-logs', true, 0],
    ])
    for (const stream of ['audit-events', 'request-logs']) {
      const { days, summary } = await calendar(session, connectionId, stream)
      expect(days.length).toBeGreaterThanOrEqual(90)
      expect(days.filter((day) => day.status !== 'verified')).toEqual([])
      expect(summary).toEqual({ verified: days.length, mismatched: 0, unverified: 0, gap: 0 })
      expect(days.reduce((total, day) => total + day.events, 0)).toBe(
        stream === 'audit-events' ? demo.counts.auditEvents : demo.counts.requestLogs,
      )
    }
  })

  it('finds a tampered row’s day mismatched, and a repair restores the server’s copy', async () => {
    const sealedBefore = Date.now() - 2 * dayMs
    const { days } = await calendar(session, connectionId, 'audit-events')
    const target = days.filter(
      (day) => day.events > 0 && Date.parse(day.date) + 2 * dayMs <= sealedBefore,
    )[2]
    if (target === undefined) throw new Error('no sealed day with events')
    tamper(session, target.date)

    await session.value('coverage.verify', { connectionId, streams: ['audit-events'] })
    const after = await calendar(session, connectionId, 'audit-events')
    expect(after.days.filter((day) => day.status === 'mismatched').map((day) => day.date)).toEqual([
      target.date,
    ])

    const repaired = await session.value('coverage.repair', {
      connectionId,
      stream: 'audit-events',
      days: [target.date],
    })
    expect(repaired.days).toEqual([
      { date: target.date, outcome: 'verified', added: 0, conflicts: 1, message: null },
    ])
    const healed = await calendar(session, connectionId, 'audit-events')
    expect(healed.summary.mismatched).toBe(0)
    expect(healed.days.find((day) => day.date === target.date)?.status).toBe('verified')
    expect(tamperedRows(session)).toEqual({ cached: 0, keptAsConflict: 1 })
  })

  it('refuses to repair a day that is not mismatched, and a malformed day', async () => {
    const repaired = await session.value('coverage.repair', {
      connectionId,
      stream: 'request-logs',
      days: ['2020-01-01'],
    })
    expect(repaired.days).toMatchObject([{ outcome: 'refused' }])
    expect(
      await session.error('coverage.repair', { connectionId, stream: 'audit-events', days: [] }),
    ).toMatchObject({ code: 'invalid_input' })
    expect(
      await session.error('coverage.repair', {
        connectionId,
        stream: 'audit-events',
        days: ['3 Nov 2026'],
      }),
    ).toMatchObject({ code: 'invalid_input' })
    expect(
      await session.error('coverage.days', { connectionId: 'nope', stream: 'audit-events' }),
    ).toMatchObject({ code: 'not_found' })
  })

  it('refuses a verification while a sync runs (one writer per cache)', async () => {
    const started = await session.value('sync.start', { connectionId })
    expect(started.started).toBe(true)
    expect(await session.error('coverage.verify', { connectionId })).toMatchObject({
      code: 'busy',
    })
    await session.finishedSyncs(2)
  })
})

/** Edits the raw JSON of one cached audit event of `date`, as an attacker with the file would. */
function tamper(session: Session, date: string): void {
  const db = session.rawCache()
  db.prepare(
    `UPDATE audit_events SET raw = json_set(raw, '$.user_agent', 'tampered')
     WHERE row_id = (SELECT min(row_id) FROM audit_events WHERE occurred_at / 86400000 = ?)`,
  ).run(Date.parse(date) / dayMs)
}

function tamperedRows(session: Session) {
  const db = session.rawCache()
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n
  return {
    cached: count(
      "SELECT count(*) AS n FROM audit_events WHERE raw ->> '$.user_agent' = 'tampered'",
    ),
    keptAsConflict: count(
      "SELECT count(*) AS n FROM conflicts WHERE stored_raw ->> '$.user_agent' = 'tampered'",
    ),
  }
}

describe('follow mode', () => {
  it('syncs again after the interval until it is turned off', async () => {
    const clock = manualSleep()
    const session = startSession(demo, clock.sleep)
    try {
      const connectionId = (await session.value('demo.start')).connectionId as string
      await session.finishedSyncs(1)
      expect(clock.waits).toHaveLength(0)

      const followed = await session.value('sync.follow', {
        connectionId,
        isOn: true,
        intervalSeconds: 30,
      })
      expect(followed.follow).toMatchObject({ intervalSeconds: 30 })
      // Idle when turned on: it syncs at once, then waits the interval.
      await session.finishedSyncs(2)
      await until(() => clock.waits.length === 1)
      expect(clock.waits[0]?.ms).toBe(30_000)
      const listed = await session.value('connections.list')
      expect(listed.connections).toMatchObject([
        { id: connectionId, follow: { intervalSeconds: 30 } },
      ])

      demo.appendLiveActivity(5)
      clock.release()
      const ends = await session.finishedSyncs(3)
      expect(ends[2]?.payload).toMatchObject({ outcome: 'complete', newEvents: 10 })
      await until(() => clock.waits.length === 1)

      const off = await session.value('sync.follow', { connectionId, isOn: false })
      expect(off.follow).toBeNull()
      expect(clock.waits[0]?.signal?.aborted).toBe(true)
      clock.release()
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(session.session.events.filter((event) => event.name === 'sync.finished')).toHaveLength(
        3,
      )
    } finally {
      session.close()
    }
  })

  it('stops following when the sync is cancelled, and refuses intervals out of range', async () => {
    const clock = manualSleep()
    const session = startSession(demo, clock.sleep)
    try {
      const connectionId = (await session.value('demo.start')).connectionId as string
      await session.finishedSyncs(1)
      await session.value('sync.follow', { connectionId, isOn: true })
      await session.finishedSyncs(2)
      await until(() => clock.waits.length === 1)
      expect(clock.waits[0]?.ms).toBe(60_000)
      expect(await session.value('sync.cancel', { connectionId })).toEqual({ cancelled: true })
      const listed = await session.value('connections.list')
      expect(listed.connections).toMatchObject([{ follow: null }])
      for (const intervalSeconds of [29, 3601, 1.5]) {
        expect(
          await session.error('sync.follow', { connectionId, isOn: true, intervalSeconds }),
        ).toMatchObject({ code: 'invalid_input' })
      }
    } finally {
      session.close()
    }
  })
})

describe('settings', () => {
  let session: Session
  beforeAll(async () => {
    session = startSession(demo)
    await session.value('demo.start')
    await session.finishedSyncs(1)
  })
  afterAll(() => {
    session.close()
  })

  it('keeps everything by default and reports where the data lives', async () => {
    const settings = await session.value('settings.get')
    expect(settings.retention).toEqual({ days: null, holds: [], preview: null })
    const storage = settings.storage as { dataDirectory: string; bytes: number }
    expect(storage.bytes).toBeGreaterThan(0)
  })

  it('saves a retention and a reviewer name, and shows what the retention would remove', async () => {
    const saved = await session.value('settings.set', { retentionDays: 3, reviewerName: ' Ana ' })
    expect(saved).toMatchObject({ reviewerName: 'Ana', retention: { days: 3 } })
    const preview = (saved.retention as { preview: { auditEvents: number; cutoff: number } })
      .preview
    expect(preview.auditEvents).toBeGreaterThan(0)
    expect(preview.auditEvents).toBeLessThan(demo.counts.auditEvents)
    // The same counts for the unsaved value (the clock moved on a little in between).
    expect(await session.value('retention.preview', { days: 3 })).toEqual({
      ...preview,
      cutoff: expect.any(Number) as unknown,
    })
    // One setting at a time leaves the other alone.
    expect(await session.value('settings.set', { retentionDays: null })).toMatchObject({
      reviewerName: 'Ana',
      retention: { days: null, preview: null },
    })
  })

  it('refuses retentions that are not whole days from 1 to 36,500, and changes nothing', async () => {
    for (const retentionDays of [0, -5, 1.5, 36_501, '30']) {
      expect(await session.error('settings.set', { retentionDays })).toMatchObject({
        code: 'invalid_input',
      })
    }
    expect(await session.error('retention.preview', { days: 0 })).toMatchObject({
      code: 'invalid_input',
    })
    expect(
      await session.error('settings.set', { retentionDays: 10, reviewerName: '\u0007' }),
    ).toMatchObject({ code: 'invalid_input' })
    expect((await session.value('settings.get')).retention).toMatchObject({ days: null })
  })
  it('keeps an audit period of real days, refuses a backwards or impossible one, and clears it', async () => {
    expect((await session.value('settings.get')).auditPeriod).toBeNull()
    const period = { from: '2026-07-01', to: '2026-09-30' }
    expect(await session.value('settings.set', { auditPeriod: period })).toMatchObject({
      auditPeriod: period,
    })
    for (const auditPeriod of [
      { from: '2026-10-01', to: '2026-09-30' },
      { from: '2026-02-30', to: '2026-03-01' },
      { from: '2026-7-1', to: '2026-09-30' },
      { from: '2026-07-01' },
    ]) {
      expect(
        await session.error('settings.set', { auditPeriod, reviewerName: 'Someone Else' }),
      ).toMatchObject({ code: 'invalid_input' })
    }
    // A refused period changed nothing, the name sent with it included.
    expect(await session.value('settings.get')).toMatchObject({
      auditPeriod: period,
      reviewerName: 'Ana',
    })
    expect(await session.value('settings.set', { auditPeriod: null })).toMatchObject({
      auditPeriod: null,
    })
  })
})

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 5) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  throw new Error('the condition never held')
}
