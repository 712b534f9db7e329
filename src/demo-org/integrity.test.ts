import { createHash, verify } from 'node:crypto'
import canonicalize from 'canonicalize'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemoServer, type DemoServer } from './index'
import { fixedNow, getJson, pageAll, type Page } from './test-support'

let server: DemoServer
const events: Record<string, Page['data']> = {}

beforeAll(async () => {
  server = await startDemoServer({
    seed: 11,
    auditEvents: 1_500,
    requestLogs: 3_000,
    days: 12,
    now: () => fixedNow,
  })
  for (const stream of ['audit-events', 'request-logs'])
    events[stream] = await pageAll(server, stream, 1000)
})
afterAll(async () => {
  await server.close()
})

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')
const dateOf = (time: string): string => time.slice(0, 10)
const byDate = (list: Page['data']): Map<string, Page['data']> => {
  const days = new Map<string, Page['data']>()
  for (const event of list)
    days.set(dateOf(event.occurred_at), [...(days.get(dateOf(event.occurred_at)) ?? []), event])
  return days
}
const compareBytes = (left: string, right: string): number =>
  Buffer.compare(Buffer.from(left), Buffer.from(right))

type Digest = {
  stream: string
  date: string
  count: number
  events_sha256: string
  previous_signature: string
  key_id: string
  signature: string
}

describe.each(['audit-events', 'request-logs'])('%s integrity endpoints', (stream) => {
  it('stats count and ids_sha256 equal a recomputation from the served events, empty days included', async () => {
    const response = await getJson(server, `/v1/${stream}/stats?from=2026-11-01&to=2026-11-30`)
    const days = (response.body as { days: { date: string; count: number; ids_sha256: string }[] })
      .days
    expect(days.map((day) => day.date)).toHaveLength(30)
    const served = byDate(events[stream] ?? [])
    for (const day of days) {
      const ids = (served.get(day.date) ?? []).map((event) => event.id).sort(compareBytes)
      expect(day.count).toBe(ids.length)
      expect(day.ids_sha256).toBe(sha256(ids.map((id) => `${id}\n`).join('')))
    }
    expect(days.find((day) => day.date === '2026-11-01')?.ids_sha256).toBe(sha256(''))
  })

  it('digests cover exactly the sealed days, verify with the published key and chain day to day', async () => {
    const keys = (await getJson(server, '/v1/signing-keys')).body as {
      keys: { key_id: string; algorithm: string; public_key_pem: string }[]
    }
    const key = keys.keys[0]
    expect(key?.algorithm).toBe('Ed25519')
    const response = await getJson(server, `/v1/${stream}/digests?from=2026-01-01&to=2026-12-31`)
    const body = response.body as { server_time: string; days: Digest[] }
    expect(body.server_time).toBe(new Date(fixedNow).toISOString())
    // History starts 2026-11-14 12:00; at 2026-11-26 12:00 the last sealed day is 2026-11-24.
    expect(body.days.map((day) => day.date)).toEqual(
      Array.from({ length: 11 }, (_, index) => `2026-11-${String(14 + index)}`),
    )
    const served = byDate(events[stream] ?? [])
    let previous = ''
    for (const day of body.days) {
      const lines = (served.get(day.date) ?? []).map((event) => `${canonicalize(event) ?? ''}\n`)
      expect(day.stream).toBe(stream)
      expect(day.count).toBe(lines.length)
      expect(day.events_sha256).toBe(sha256(lines.join('')))
      expect(day.previous_signature).toBe(previous)
      expect(day.key_id).toBe(key?.key_id)
      const message = `${stream}\n${day.date}\n${day.count}\n${day.events_sha256}\n${day.previous_signature}`
      expect(
        verify(
          null,
          Buffer.from(message),
          key?.public_key_pem ?? '',
          Buffer.from(day.signature, 'base64'),
        ),
      ).toBe(true)
      previous = day.signature
    }
    const tampered = body.days[3]
    if (tampered === undefined) throw new Error('too few days')
    const message = `${stream}\n${tampered.date}\n${tampered.count + 1}\n${tampered.events_sha256}\n${tampered.previous_signature}`
    expect(
      verify(
        null,
        Buffer.from(message),
        key?.public_key_pem ?? '',
        Buffer.from(tampered.signature, 'base64'),
      ),
    ).toBe(false)
  })

  it('lists only the requested sealed days', async () => {
    const response = await getJson(server, `/v1/${stream}/digests?from=2026-11-20&to=2026-11-30`)
    expect((response.body as { days: Digest[] }).days.map((day) => day.date)).toEqual([
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
    ])
  })

  it('serves every record as its RFC 8785 canonical JSON', async () => {
    const response = await fetch(`${server.url}/v1/${stream}?limit=200`, {
      headers: { authorization: `Bearer ${server.keys.full}` },
    })
    const text = await response.text()
    const data = (JSON.parse(text) as Page).data
    for (const event of data) expect(text).toContain(canonicalize(event))
  })
})
