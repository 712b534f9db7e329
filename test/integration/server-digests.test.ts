import { createPublicKey } from 'node:crypto'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyConnection } from '../../src/core/verify/verify-connection'
import { startDemoServer, type DemoServer } from '../../src/demo-org/index'
import { openCache, syncWith } from '../helpers/sync-harness'
import { makeTempDir } from '../helpers/temp-dir'

type DigestDay = {
  date: string
  count: number
  events_sha256: string
  previous_signature: string
  key_id: string
  signature: string
}
type StoredDigest = {
  stream: string
  day: string
  count: number
  events_sha256: string
  previous_signature: string
  key_id: string
  signature: string
  fetched_at: number
}

async function getJson<T>(server: DemoServer, pathAndQuery: string): Promise<T> {
  const response = await fetch(`${server.url}${pathAndQuery}`, {
    headers: { authorization: `Bearer ${server.keys.full}` },
  })
  return (await response.json()) as T // the test's own demo server
}

describe("the server's signed digests kept by verification (migration 18)", () => {
  let server: DemoServer
  let temp: ReturnType<typeof makeTempDir>
  beforeAll(async () => {
    server = await startDemoServer({ seed: 5, auditEvents: 600, requestLogs: 900, days: 6 })
    temp = makeTempDir()
  })
  afterAll(async () => {
    await server.close()
    temp.remove()
  })

  it('stores every fetched digest and key with the time the days were checked', async () => {
    const opened = openCache(path.join(temp.dir, 'cache'))
    const synced = await syncWith(opened, { baseUrl: server.url, apiKey: server.keys.full })
    if (!synced.ok) throw new Error(synced.error.message)
    const connectionId = synced.connection.id
    let now = Date.now()
    const result = await verifyConnection(
      {
        db: opened.db,
        fetch,
        clock: () => now,
        sleep: () => Promise.resolve(),
        random: () => 0.5,
      },
      {
        connectionId,
        baseUrl: server.url,
        apiKey: server.keys.full,
        streams: ['audit-events', 'request-logs'],
      },
    )
    if (!result.ok) throw new Error(result.error.message)
    const stream = result.streams[0]
    if (stream?.ok !== true) throw new Error('audit events not verified')
    const from = stream.from ?? ''
    const to = stream.to ?? ''

    const stored = opened.db
      .prepare<[string], StoredDigest>(
        `SELECT stream, day, count, events_sha256, previous_signature, key_id, signature, fetched_at
         FROM server_day_digests WHERE connection_id = ? ORDER BY stream, day`,
      )
      .all(connectionId)
    const served = await getJson<{ days: DigestDay[] }>(
      server,
      `/v1/audit-events/digests?from=${from}&to=${to}`,
    )
    expect(served.days.length).toBeGreaterThan(0)
    const storedAudit = stored.filter((row) => row.stream === 'audit-events')
    for (const day of served.days) {
      const { date, ...fields } = day
      expect(storedAudit.find((row) => row.day === date)).toEqual({
        stream: 'audit-events',
        day: date,
        ...fields,
        fetched_at: now,
      })
    }
    expect(stored.some((row) => row.stream === 'request-logs')).toBe(true)
    const checkedAt = opened.db
      .prepare<[string], { checked_at: number }>(
        'SELECT DISTINCT checked_at FROM day_verifications WHERE connection_id = ?',
      )
      .all(connectionId)
    expect(checkedAt).toEqual([{ checked_at: now }])

    const keys = await getJson<{ keys: { key_id: string; public_key_pem: string }[] }>(
      server,
      '/v1/signing-keys',
    )
    const storedKeys = opened.db
      .prepare<[string], { key_id: string; public_key_pem: string }>(
        'SELECT key_id, public_key_pem FROM server_signing_keys WHERE connection_id = ?',
      )
      .all(connectionId)
    expect(storedKeys.map((key) => key.key_id).sort()).toEqual(
      keys.keys.map((key) => key.key_id).sort(),
    )
    for (const key of storedKeys) {
      const servedKey = keys.keys.find((entry) => entry.key_id === key.key_id)
      const der = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' })
      expect(der(key.public_key_pem).equals(der(servedKey?.public_key_pem ?? ''))).toBe(true)
    }

    // A later verification replaces the stored rows in place (one per day and key).
    now += 60_000
    const again = await verifyConnection(
      { db: opened.db, fetch, clock: () => now, sleep: () => Promise.resolve(), random: () => 0.5 },
      { connectionId, baseUrl: server.url, apiKey: server.keys.full, streams: ['audit-events'] },
    )
    expect(again.ok).toBe(true)
    const after = opened.db
      .prepare<[string], { day: string; fetched_at: number }>(
        "SELECT day, fetched_at FROM server_day_digests WHERE connection_id = ? AND stream = 'audit-events'",
      )
      .all(connectionId)
    expect(after).toHaveLength(storedAudit.length)
    expect(after.every((row) => row.fetched_at === now)).toBe(true)
    opened.close()
  })
})
