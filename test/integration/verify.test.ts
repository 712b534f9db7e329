import { createHash } from 'node:crypto'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OpenDatabase } from '../../src/core/store/database'
import { dayMs } from '../../src/core/verify/days'
import { repairDay } from '../../src/core/verify/repair'
import { repairDays } from '../../src/core/verify/repair-run'
import { verifyConnection } from '../../src/core/verify/verify-connection'
import type { DayVerification, VerifyRequest } from '../../src/core/verify/verify-types'
import { startDemoServer, type DemoServer } from '../../src/demo-org/index'
import { cachedEvents, fetchAllFromServer, openCache, syncWith } from '../helpers/sync-harness'
import { makeTempDir } from '../helpers/temp-dir'

const small = { seed: 11, auditEvents: 2000, requestLogs: 4000, days: 10 }

const urlOf = (input: string | URL | Request): string =>
  input instanceof Request ? input.url : input.toString()

type Cache = { opened: OpenDatabase; connectionId: string }
type BodyEdit = (pathname: string, body: Record<string, unknown>) => void

/** fetch, with JSON bodies of 200 answers edited on the way back (a man in the middle). */
function editingFetch(edit: BodyEdit): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init)
    const { pathname } = new URL(urlOf(input))
    if (response.status !== 200) return response
    const body = (await response.json()) as Record<string, unknown> // a test's own server
    edit(pathname, body)
    return new Response(JSON.stringify(body), { status: 200 })
  }
}

async function syncedCache(server: DemoServer, directory: string): Promise<Cache> {
  const opened = openCache(directory)
  const result = await syncWith(opened, { baseUrl: server.url, apiKey: server.keys.full })
  if (!result.ok) throw new Error(result.error.message)
  return { opened, connectionId: result.connection.id }
}

async function verify(
  server: DemoServer,
  cache: Cache,
  options: { fetch?: typeof fetch; request?: Partial<VerifyRequest> } = {},
) {
  const result = await verifyConnection(
    {
      db: cache.opened.db,
      fetch: options.fetch ?? fetch,
      clock: Date.now,
      sleep: () => Promise.resolve(),
      random: () => 0.5,
      retryLimits: {
        maxTransientAttempts: 8,
        maxRateLimitedAttempts: 50,
        baseDelayMs: 1,
        maxDelayMs: 5,
      },
    },
    {
      connectionId: cache.connectionId,
      baseUrl: server.url,
      apiKey: server.keys.full,
      streams: ['audit-events', 'request-logs'],
      ...options.request,
    },
  )
  if (!result.ok) throw new Error(result.error.message)
  const days = (stream: string): DayVerification[] => {
    const found = result.streams.find((entry) => entry.stream === stream)
    if (found?.ok !== true) throw new Error(`${stream} was not verified`)
    return found.days
  }
  return { result, audit: days('audit-events'), requests: days('request-logs') }
}

const isSealedNow = (day: string): boolean => Date.now() >= Date.parse(day) + 2 * dayMs

/** A day in the middle of the range that has events and is sealed. */
function middleDay(days: readonly DayVerification[]): DayVerification {
  const candidates = days.filter((day) => day.localCount > 0 && isSealedNow(day.day))
  const day = candidates[Math.floor(candidates.length / 2)]
  if (day === undefined) throw new Error('no sealed day with events')
  return day
}

function othersUnchanged(
  before: readonly DayVerification[],
  after: readonly DayVerification[],
  except: readonly string[],
): void {
  expect(after.filter((day) => !except.includes(day.day))).toEqual(
    before.filter((day) => !except.includes(day.day)),
  )
}

describe('verification of the cache against the demo organization', () => {
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

  it('proves every day of a fully synced cache and every sealed day’s signed digest', async () => {
    const cache = await syncedCache(server, path.join(temp.dir, 'full'))
    const { result, audit, requests } = await verify(server, cache)
    for (const days of [audit, requests]) {
      expect(days.length).toBeGreaterThanOrEqual(small.days)
      expect(days.every((day) => day.status === 'verified')).toBe(true)
      for (const day of days) {
        expect(day.digestStatus).toBe(isSealedNow(day.day) ? 'valid' : 'absent')
      }
    }
    expect(result.streams.map((stream) => stream.ok && stream.summary.verified)).toEqual([
      audit.length,
      requests.length,
    ])
    const stored = cache.opened.db
      .prepare('SELECT count(*) AS n FROM day_verifications WHERE status = ?')
      .get('verified') as { n: number }
    expect(stored.n).toBe(audit.length + requests.length)
    cache.opened.close()
  })

  it('finds exactly the day whose cached raw JSON was edited, by its signed hash', async () => {
    const cache = await syncedCache(server, path.join(temp.dir, 'edited'))
    const before = (await verify(server, cache)).audit
    const target = middleDay(before)
    cache.opened.db
      .prepare(
        `UPDATE audit_events SET raw = json_set(raw, '$.user_agent', 'tampered')
         WHERE row_id = (SELECT min(row_id) FROM audit_events WHERE occurred_at / 86400000 = ?)`,
      )
      .run(Date.parse(target.day) / dayMs)
    const after = (await verify(server, cache)).audit
    expect(after.find((day) => day.day === target.day)).toMatchObject({
      status: 'mismatched',
      digestStatus: 'invalid',
      digestDetail: 'hash differs',
    })
    othersUnchanged(before, after, [target.day])
    cache.opened.close()
  })

  it('accepts cached raw JSON whose keys are in another order, by its canonical form', async () => {
    const cache = await syncedCache(server, path.join(temp.dir, 'reordered'))
    const before = (await verify(server, cache)).audit
    const target = middleDay(before)
    // Removing and re-adding a member moves it to the end: same values, other bytes.
    cache.opened.db
      .prepare(
        `UPDATE audit_events SET raw = json_set(json_remove(raw, '$.action'), '$.action', raw ->> '$.action')
         WHERE occurred_at / 86400000 = ?`,
      )
      .run(Date.parse(target.day) / dayMs)
    const sample = cache.opened.db
      .prepare('SELECT raw FROM audit_events WHERE occurred_at / 86400000 = ? LIMIT 1')
      .get(Date.parse(target.day) / dayMs) as { raw: string }
    expect(sample.raw).toMatch(/"action":"[^"]+"\}$/)
    expect(await verify(server, cache).then((result) => result.audit)).toEqual(before)
    cache.opened.close()
  })

  it('finds exactly the day that lost a cached event, and plans a re-sync that covers it', async () => {
    const cache = await syncedCache(server, path.join(temp.dir, 'deleted'))
    const before = (await verify(server, cache)).requests
    const target = middleDay(before)
    cache.opened.db
      .prepare(
        `DELETE FROM request_logs
         WHERE row_id = (SELECT max(row_id) FROM request_logs WHERE occurred_at / 86400000 = ?)`,
      )
      .run(Date.parse(target.day) / dayMs)
    const after = (await verify(server, cache)).requests
    expect(after.find((day) => day.day === target.day)).toMatchObject({
      status: 'mismatched',
      localCount: target.localCount - 1,
      serverCount: target.localCount,
      digestStatus: 'invalid',
      digestDetail: `count differs (cache ${target.localCount - 1}, signed ${target.localCount}); hash differs`,
    })
    othersUnchanged(before, after, [target.day])
    const repair = repairDay(cache.opened.db, {
      connectionId: cache.connectionId,
      stream: 'request-logs',
      day: target.day,
    })
    if (!repair.ok) throw new Error(repair.error.message)
    expect(await countOccurredOn(server, repair.plan, target.day)).toBe(target.localCount)
    cache.opened.close()
  })

  it('marks days the server no longer has whole as unverified, yet still checks their digests', async () => {
    const expiring = await startDemoServer({ ...small, faults: { expireCursorAt: 1 } })
    try {
      const cache = await syncedCache(expiring, path.join(temp.dir, 'expired'))
      const { audit } = await verify(expiring, cache)
      const first = await fetch(`${expiring.url}/v1/audit-events?limit=1`, {
        headers: { Authorization: `Bearer ${expiring.keys.full}` },
      })
      const oldest = Date.parse(
        ((await first.json()) as { oldest_available_at: string }).oldest_available_at,
      )
      const whole = audit.filter((day) => Date.parse(day.day) > oldest)
      const partial = audit.filter((day) => Date.parse(day.day) <= oldest)
      expect(whole.every((day) => day.status === 'verified')).toBe(true)
      expect(partial.length).toBeGreaterThan(0)
      expect(partial.every((day) => day.status !== 'verified')).toBe(true)
      // The cache still holds the dropped days; the signed digests prove them intact.
      expect(
        partial.some((day) => day.status === 'unverified' && day.digestStatus === 'valid'),
      ).toBe(true)
      // The events lost between the expired cursor and the restart show as mismatched days.
      expect(
        partial
          .filter((day) => day.status === 'mismatched')
          .every((day) => day.digestStatus === 'invalid'),
      ).toBe(true)
      cache.opened.close()
    } finally {
      await expiring.close()
    }
  })

  it('orders ids by UTF-8 bytes like the server, not by UTF-16 code units', async () => {
    const cache = await syncedCache(server, path.join(temp.dir, 'unicode'))
    const target = middleDay((await verify(server, cache)).audit)
    const day = Date.parse(target.day) / dayMs
    const rows = cache.opened.db
      .prepare('SELECT row_id, id FROM audit_events WHERE occurred_at / 86400000 = ? ORDER BY seq')
      .all(day) as { row_id: number; id: string }[]
    // U+1F600 (astral: a surrogate pair in UTF-16) sorts after U+FF21 in UTF-8, before it in UTF-16.
    const renamed = ['evt_\u{1F600}', 'evt_\uFF21', 'evt_\u00E9', 'evt_\u{10000}z']
    const update = cache.opened.db.prepare('UPDATE audit_events SET id = ? WHERE row_id = ?')
    renamed.forEach((id, index) => update.run(id, rows[index]?.row_id))
    const ids = rows.map((row, index) => renamed[index] ?? row.id)
    const byBytes = hashIds([...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))))
    expect(hashIds([...ids].sort())).not.toBe(byBytes)
    const serverAgrees = editingFetch((pathname, body) => {
      if (pathname !== '/v1/audit-events/stats') return
      for (const row of body.days as { date: string; ids_sha256: string }[])
        if (row.date === target.day) row.ids_sha256 = byBytes
    })
    const { audit } = await verify(server, cache, { fetch: serverAgrees })
    expect(audit.find((entry) => entry.day === target.day)).toMatchObject({
      status: 'verified',
      localIdsSha256: byBytes,
    })
    cache.opened.close()
  })

  it('detects a flipped signature byte, the chain it breaks, and an unknown signing key', async () => {
    const cache = await syncedCache(server, path.join(temp.dir, 'forged'))
    const sealed = (await verify(server, cache)).audit.filter((day) => isSealedNow(day.day))
    const [forged, next, unknown] = [sealed[2]?.day, sealed[3]?.day, sealed[5]?.day]
    const tampering = editingFetch((pathname, body) => {
      if (pathname !== '/v1/audit-events/digests') return
      for (const row of body.days as { date: string; signature: string; key_id: string }[]) {
        if (row.date === forged) row.signature = flipFirstByte(row.signature)
        if (row.date === unknown) row.key_id = 'k_elsewhere'
      }
    })
    const { audit } = await verify(server, cache, { fetch: tampering })
    const detail = (day: string | undefined) => audit.find((entry) => entry.day === day)
    expect(detail(forged)).toMatchObject({
      status: 'verified',
      digestStatus: 'invalid',
      digestDetail: 'bad signature',
    })
    expect(detail(next)).toMatchObject({ digestStatus: 'invalid', digestDetail: 'broken chain' })
    expect(detail(unknown)).toMatchObject({
      digestStatus: 'invalid',
      digestDetail: 'unknown key id "k_elsewhere"',
    })
    const flagged = audit.filter((day) => day.digestStatus === 'invalid').map((day) => day.day)
    expect(flagged).toEqual([forged, next, unknown])
    cache.opened.close()
  })

  it('reports digests as absent when the server does not sign (404), still verifying counts', async () => {
    const cache = await syncedCache(server, path.join(temp.dir, 'unsigned'))
    const unsigned: typeof fetch = (input, init) =>
      urlOf(input).includes('/v1/signing-keys')
        ? Promise.resolve(
            new Response('{"error":{"code":"not_found","message":"no"}}', { status: 404 }),
          )
        : fetch(input, init)
    const { result, audit } = await verify(server, cache, { fetch: unsigned })
    expect(audit.every((day) => day.status === 'verified' && day.digestStatus === 'absent')).toBe(
      true,
    )
    expect(result.streams.every((stream) => stream.ok && !stream.isSigned)).toBe(true)
    cache.opened.close()
  })
})

function hashIds(ids: readonly string[]): string {
  const hash = createHash('sha256')
  for (const id of ids) hash.update(`${id}\n`, 'utf8')
  return hash.digest('hex')
}

function flipFirstByte(signature: string): string {
  const bytes = Buffer.from(signature, 'base64')
  bytes[0] = (bytes[0] ?? 0) ^ 0x01
  return bytes.toString('base64')
}

/** Pages through the server from the plan's `since` until `until`, counting the day's events. */
async function countOccurredOn(
  server: DemoServer,
  plan: { since: number; until: number; stream: string },
  day: string,
): Promise<number> {
  let url = `${server.url}/v1/${plan.stream}?since=${new Date(plan.since).toISOString()}&limit=1000`
  let count = 0
  for (;;) {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${server.keys.full}` } })
    const page = (await response.json()) as {
      data: { occurred_at: string; recorded_at: string }[]
      next_cursor: string
      has_more: boolean
    }
    count += page.data.filter((event) => event.occurred_at.startsWith(day)).length
    const last = page.data.at(-1)
    if (!page.has_more || (last !== undefined && Date.parse(last.recorded_at) >= plan.until))
      return count
    url = `${server.url}/v1/${plan.stream}?cursor=${encodeURIComponent(page.next_cursor)}&limit=1000`
  }
}

describe('repairing a mismatched day', () => {
  it('re-syncs a day with a deleted event and verifies it again, leaving the main cursor alone', async () => {
    const server = await startDemoServer({
      seed: 21,
      auditEvents: 1500,
      requestLogs: 1000,
      days: 6,
    })
    const temp = makeTempDir()
    const opened = openCache(temp.dir)
    try {
      const synced = await syncWith(opened, {
        baseUrl: server.url,
        apiKey: server.keys.full,
        streams: ['audit-events'],
      })
      if (!synced.ok) throw new Error('sync failed')
      const connectionId = synced.connection.id
      const victim = opened.db
        .prepare<[], { row_id: number; occurred_at: number }>(
          'SELECT row_id, occurred_at FROM audit_events ORDER BY seq LIMIT 1 OFFSET 200',
        )
        .get()
      if (victim === undefined) throw new Error('no row')
      opened.db.prepare('DELETE FROM audit_events WHERE row_id = ?').run(victim.row_id)
      const day = new Date(victim.occurred_at).toISOString().slice(0, 10)
      const deps = {
        db: opened.db,
        fetch,
        clock: Date.now,
        sleep: () => Promise.resolve(),
        random: () => 0.5,
      }
      const before = await verifyConnection(deps, {
        connectionId,
        baseUrl: server.url,
        apiKey: server.keys.full,
        streams: ['audit-events'],
        from: day,
        to: day,
      })
      expect(before.ok && before.streams[0]?.ok && before.streams[0].days[0]?.status).toBe(
        'mismatched',
      )
      const stateBefore = opened.db.prepare('SELECT cursor, last_seq FROM sync_state').all()
      const [repair] = await repairDays(deps, {
        connectionId,
        baseUrl: server.url,
        apiKey: server.keys.full,
        stream: 'audit-events',
        days: [day],
      })
      expect(repair?.sync?.error).toBeUndefined()
      expect(repair?.sync).toMatchObject({ outcome: 'complete', newEvents: 1, conflicts: 0 })
      expect(repair?.after?.status).toBe('verified')
      expect(opened.db.prepare('SELECT cursor, last_seq FROM sync_state').all()).toEqual(
        stateBefore,
      )
      expect(cachedEvents(opened.db, 'audit-events')).toEqual(
        await fetchAllFromServer(server.url, server.keys.full, 'audit-events'),
      )
    } finally {
      opened.close()
      temp.remove()
      await server.close()
    }
  })

  it('refuses to repair a day that is not mismatched', async () => {
    const temp = makeTempDir()
    const opened = openCache(temp.dir)
    const deps = {
      db: opened.db,
      fetch,
      clock: Date.now,
      sleep: () => Promise.resolve(),
      random: () => 0.5,
    }
    const [result] = await repairDays(deps, {
      connectionId: 'c',
      baseUrl: 'http://127.0.0.1:1',
      apiKey: 'k',
      stream: 'audit-events',
      days: ['2026-11-01'],
    })
    expect(result?.refused?.code).toBe('not_mismatched')
    opened.close()
    temp.remove()
  })
})
