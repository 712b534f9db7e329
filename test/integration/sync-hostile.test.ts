import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StreamSyncResult } from '../../src/core/sync/engine'
import { maxResponseBytes, parsePage, type StreamName } from '../../src/core/sync/page-parser'
import type { OrganizationSyncResult } from '../../src/core/sync/sync-organization'
import {
  auditText,
  auditTextWithHugeNumber,
  auditTextWithNumericId,
  auditTextWithProtoKeys,
  beyondSafeInteger,
  pollutionProbe,
  requestText,
} from '../helpers/hostile/hostile-events'
import {
  errorText,
  pageText,
  startHostileServer,
  type HostileServer,
  type ReceivedRequest,
  type ScriptedResponse,
} from '../helpers/hostile/hostile-server'
import { openCache, syncWith } from '../helpers/sync-harness'
import { makeTempDir } from '../helpers/temp-dir'

// Hostile pages (issue 4, item 8): every one ends with a clear error code or a quarantine with a
// reason, nothing already stored is lost, and the next good sync resumes from the last committed
// cursor. The server serves six good events, two per page (cursors c0, c2, c4, c6); most cases
// replace the answer at cursor c2, after the first page has been committed.
const apiKey = `sk_hostile_${randomBytes(16).toString('hex')}`
const sixEvents = [1, 2, 3, 4, 5, 6]

type Row = Record<string, unknown>

describe('sync against a hostile server', () => {
  let server: HostileServer
  let temp: ReturnType<typeof makeTempDir>
  let cacheDirectory: string
  let opened: ReturnType<typeof openCache>
  const texts: string[] = []

  beforeEach(async () => {
    server = await startHostileServer(apiKey)
    server.events['audit-events'] = sixEvents.map((seq) => auditText(seq))
    server.events['request-logs'] = sixEvents.map((seq) => requestText(seq))
    temp = makeTempDir()
    cacheDirectory = path.join(temp.dir, 'cache')
    opened = openCache(cacheDirectory)
    texts.length = 0
  })

  afterEach(async () => {
    // Whatever the server did, the key must not reach the cache file (or its WAL) or a message.
    try {
      const runMessages = rows('SELECT error_message FROM sync_runs').map((row) =>
        String(row.error_message),
      )
      opened.close()
      for (const name of fs.readdirSync(cacheDirectory))
        expect(fs.readFileSync(path.join(cacheDirectory, name)).includes(apiKey), name).toBe(false)
      for (const text of [...texts, ...runMessages]) expect(text).not.toContain(apiKey)
    } finally {
      opened.close()
      await server.close()
      temp.remove()
    }
  })

  function rows(sql: string): Row[] {
    return opened.db.prepare<[], Row>(sql).all()
  }

  async function sync(streams: readonly StreamName[] = ['audit-events']) {
    const result = await syncWith(opened, { baseUrl: server.url, apiKey, limit: 2, streams })
    texts.push(JSON.stringify(result))
    return result
  }

  function streamOf(result: OrganizationSyncResult, index = 0): StreamSyncResult {
    if (!result.ok) throw new Error(`the organization sync failed: ${result.error.code}`)
    const stream = result.streams[index]
    if (stream === undefined) throw new Error(`no stream result ${index}`)
    return stream
  }

  const storedRaws = (table = 'audit_events') =>
    rows(`SELECT raw FROM ${table} ORDER BY seq`).map((row) => row.raw)

  /** Serves `hostile` for the page at cursor c2 of the audit stream. */
  function atSecondPage(
    hostile: ScriptedResponse | ((request: ReceivedRequest) => ScriptedResponse),
  ) {
    server.intercept((request) => {
      if (request.endpoint !== 'audit-events' || request.cursor !== 'c2') return undefined
      return typeof hostile === 'function' ? hostile(request) : hostile
    })
  }

  /** The first page is stored, the hostile one stops the run with `code`, and a later good
   * sync resumes at cursor c2 and ends with exactly the server's six events. */
  async function expectRefusedThenResumed(code: string) {
    const failed = streamOf(await sync())
    const hostileRequests = server.requests.filter((request) => request.cursor === 'c2').length
    expect(failed).toMatchObject({ outcome: 'failed', error: { code }, newEvents: 2 })
    expect(storedRaws()).toEqual(server.events['audit-events'].slice(0, 2))
    expect(rows('SELECT cursor, last_seq FROM sync_state')).toEqual([{ cursor: 'c2', last_seq: 2 }])
    expect(rows('SELECT outcome, error_code, new_events FROM sync_runs')).toEqual([
      { outcome: 'failed', error_code: code, new_events: 2 },
    ])
    server.clearIntercept()
    const resumedFrom = server.requests.length
    const resumed = streamOf(await sync())
    expect(resumed).toMatchObject({ outcome: 'complete', newEvents: 4 })
    const firstPage = server.requests.slice(resumedFrom).find((r) => r.endpoint === 'audit-events')
    expect(firstPage?.cursor).toBe('c2')
    expect(storedRaws()).toEqual(server.events['audit-events'])
    return { failed, hostileRequests }
  }

  /** The text with raw `bytes` in place of the actor name "Ana Ruiz" of its first event. */
  const withBytes = (text: string, bytes: readonly number[]) => {
    const at = text.indexOf('Ana Ruiz')
    const after = text.slice(at + 'Ana Ruiz'.length)
    return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(bytes), Buffer.from(after)])
  }

  const goodPageText = (seqs: number[], next: number, hasMore: boolean) =>
    pageText(
      seqs.map((seq) => auditText(seq)),
      { nextCursor: `c${next}`, hasMore },
    )

  describe('pages refused whole, keeping what was stored and resuming at the last cursor', () => {
    it('builds its hostile pages from pages the parser accepts, so only the hostile detail fails', () => {
      const control = withBytes(goodPageText([3, 4], 4, true), [...Buffer.from('Ana Ruiz')])
      expect(parsePage('audit-events', control)).toMatchObject({ hasMore: true, nextCursor: 'c4' })
      expect(parsePage('audit-events', control)).toHaveProperty('items.length', 2)
    })

    it.each<[string, ScriptedResponse]>([
      ['malformed JSON', { body: '{"data":[{"id":"evt_000003",' }],
      ['invalid UTF-8 inside a string', { body: withBytes(goodPageText([3, 4], 4, true), [0xc3]) }],
      [
        'a UTF-8-encoded lone surrogate',
        { body: withBytes(goodPageText([3, 4], 4, true), [0xed, 0xa0, 0x80]) },
      ],
      ['a raw NUL byte', { body: goodPageText([3, 4], 4, true).replace('Ana Ruiz', 'Ana\u0000') }],
      ['events out of seq order', { body: goodPageText([4, 3], 4, true) }],
      ['the same seq twice in a page', { body: goodPageText([3, 3], 4, true) }],
      ['has_more missing', { body: goodPageText([3, 4], 4, true).replace(',"has_more":true', '') }],
      [
        'next_cursor missing',
        { body: goodPageText([3, 4], 4, true).replace('"next_cursor":"c4",', '') },
      ],
      [
        'a next_cursor over 512 characters',
        { body: goodPageText([3, 4], 4, true).replace('"c4"', `"${'c'.repeat(513)}"`) },
      ],
      [
        'data that is not an array',
        {
          body: pageText(['{}'], { nextCursor: 'c4', hasMore: true }).replace(
            '"data":[{}]',
            '"data":{}',
          ),
        },
      ],
      [
        'an offset-less oldest_available_at',
        { body: goodPageText([3, 4], 4, true).replace('00:00:00.000Z"}', '00:00:00.000"}') },
      ],
    ])('%s: malformed_page after a bounded number of retries', async (_, hostile) => {
      atSecondPage(hostile)
      const { failed, hostileRequests } = await expectRefusedThenResumed('malformed_page')
      expect(hostileRequests).toBe(4)
      expect(failed.error?.message).toMatch(/Nothing from that page was stored/)
    })

    it('a Content-Length over the 64 MiB cap: response_too_large without reading the body', async () => {
      const size = maxResponseBytes + 1024 * 1024
      atSecondPage({ headers: { 'Content-Length': String(size) }, streamBytes: size })
      const { hostileRequests } = await expectRefusedThenResumed('response_too_large')
      expect(hostileRequests).toBe(1)
    })

    it('a chunked body that grows past the 64 MiB cap: response_too_large, stops reading', async () => {
      atSecondPage({ streamBytes: maxResponseBytes + 3 * 1024 * 1024 })
      const { failed, hostileRequests } = await expectRefusedThenResumed('response_too_large')
      expect(hostileRequests).toBe(1)
      expect(failed.error?.message).toMatch(/more than 67108864 bytes/)
    })

    it('a cursor that never advances: cursor_stuck after 3 pages, not an endless loop', async () => {
      atSecondPage({ body: goodPageText([1, 2], 2, true) })
      const { failed, hostileRequests } = await expectRefusedThenResumed('cursor_stuck')
      expect(hostileRequests).toBe(3)
      expect(failed.duplicates).toBe(6)
    })

    it('a 401 in the middle: unauthorized at once, naming the fix', async () => {
      atSecondPage({ status: 401, body: errorText('unauthorized', 'The key was revoked.') })
      const { failed, hostileRequests } = await expectRefusedThenResumed('unauthorized')
      expect(hostileRequests).toBe(1)
      expect(failed.error?.message).toMatch(/Create a new key/)
    })

    it('an error body with a stack trace: server_error, the message stays bounded', async () => {
      const stack = ['TypeError: Cannot read properties of undefined (reading "rows")']
      for (let line = 0; line < 40; line += 1)
        stack.push(
          `    at handler${line} (/srv/app/node_modules/framework/lib/router.js:${line}:7)`,
        )
      atSecondPage({ status: 500, body: errorText('internal_error', stack.join('\n')) })
      const { failed } = await expectRefusedThenResumed('server_error')
      expect(failed.error?.message.length).toBeLessThan(2600)
    })

    it('an error body with a 5 MB message: invalid_request, the message stays short', async () => {
      atSecondPage({ status: 400, body: errorText('invalid_request', 'x'.repeat(5_000_000)) })
      const { failed } = await expectRefusedThenResumed('invalid_request')
      expect(failed.error?.message.length).toBeLessThan(300)
    })
  })

  describe('redirects', () => {
    it('stops at once on a redirect, naming the host, never following it with the key', async () => {
      const elsewhere = await startHostileServer(apiKey)
      try {
        atSecondPage({
          status: 302,
          headers: { Location: `${elsewhere.url}/v1/audit-events?cursor=c2&limit=2` },
        })
        const { failed } = await expectRefusedThenResumed('redirected')
        expect(failed.error?.message).toContain(new URL(elsewhere.url).host)
        server.intercept((request) =>
          request.endpoint === 'organization'
            ? { status: 307, headers: { Location: `${elsewhere.url}/v1/organization` } }
            : undefined,
        )
        const refused = await sync()
        expect(refused).toMatchObject({ ok: false, error: { code: 'redirected' } })
        expect(elsewhere.requests).toEqual([])
      } finally {
        await elsewhere.close()
      }
    })
  })

  describe('pages stored in part: bad events quarantined with a reason, the run goes on', () => {
    it('tolerates a UTF-8 byte order mark: the page is stored', async () => {
      server.intercept((request, goodPage) => {
        if (request.cursor !== 'c2') return undefined
        const page = goodPage()
        return {
          ...page,
          body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page.body ?? '')]),
        }
      })
      expect(streamOf(await sync())).toMatchObject({ outcome: 'complete', newEvents: 6 })
      expect(storedRaws()).toEqual(server.events['audit-events'])
    })

    it('keeps an escaped NUL inside a string as a value', async () => {
      server.events['audit-events'][2] = auditText(3, { user_agent: 'Mozi\u0000lla' })
      expect(streamOf(await sync())).toMatchObject({ outcome: 'complete', newEvents: 6 })
      expect(rows('SELECT user_agent, raw FROM audit_events WHERE seq = 3')).toEqual([
        { user_agent: 'Mozi\u0000lla', raw: server.events['audit-events'][2] },
      ])
    })

    it('stores __proto__ keys as plain data: no prototype pollution, the raw JSON kept', async () => {
      const hostile = auditTextWithProtoKeys(3)
      server.events['audit-events'][2] = hostile
      expect(streamOf(await sync())).toMatchObject({ outcome: 'complete', newEvents: 6 })
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      expect(Object.prototype).not.toHaveProperty('polluted')
      const [stored] = rows('SELECT raw FROM audit_events WHERE seq = 3')
      expect(stored?.raw).toBe(hostile)
      expect(String(stored?.raw).split(`"__proto__":${pollutionProbe}`)).toHaveLength(4)
    })

    it('quarantines an offset-less and an impossible timestamp, placing their seqs: no gap', async () => {
      server.events['audit-events'][2] = auditText(3, { occurred_at: '2026-11-01T00:03:00.000' })
      server.events['audit-events'][3] = auditText(4, { recorded_at: '2026-02-30T10:00:00.000Z' })
      expect(streamOf(await sync())).toMatchObject({
        outcome: 'complete',
        newEvents: 4,
        quarantined: 2,
        gaps: 0,
      })
      const quarantined = rows('SELECT seq, event_id, raw, reason FROM quarantine ORDER BY seq')
      expect(quarantined.map(({ seq, event_id, raw }) => ({ seq, event_id, raw }))).toEqual([
        { seq: 3, event_id: 'evt_000003', raw: server.events['audit-events'][2] },
        { seq: 4, event_id: 'evt_000004', raw: server.events['audit-events'][3] },
      ])
      expect(quarantined.map((row) => String(row.reason))).toEqual(
        [
          '"2026-11-01T00:03:00.000" is not an RFC 3339 date-time with offset',
          '"2026-02-30T10:00:00.000Z" is not an RFC 3339 date-time with offset',
        ].map((reason, index) => `${index === 0 ? 'occurred_at' : 'recorded_at'}: ${reason}`),
      )
      expect(rows('SELECT * FROM gaps')).toEqual([])
      expect(rows('SELECT last_seq FROM sync_state')).toEqual([{ last_seq: 6 }])
      expect(rows('SELECT seq FROM audit_events ORDER BY seq').map((row) => row.seq)).toEqual([
        1, 2, 5, 6,
      ])
    })

    it('quarantines an event with a 20 MB field and stores the rest of its page', async () => {
      const huge = auditText(3, { metadata: { blob: 'x'.repeat(20 * 1024 * 1024) } })
      server.events['audit-events'][2] = huge
      expect(streamOf(await sync())).toMatchObject({
        outcome: 'complete',
        newEvents: 5,
        quarantined: 1,
      })
      expect(rows('SELECT seq, reason, length(raw) AS size FROM quarantine')).toEqual([
        {
          seq: 3,
          reason: 'event larger than 1048576 bytes',
          size: huge.length,
        },
      ])
      expect(rows('SELECT seq FROM audit_events ORDER BY seq').map((row) => row.seq)).toEqual([
        1, 2, 4, 5, 6,
      ])
    })

    it('quarantines an id written as a JSON number above 2^53, placing it by seq', async () => {
      server.events['audit-events'][2] = auditTextWithNumericId(3)
      expect(streamOf(await sync())).toMatchObject({
        outcome: 'complete',
        newEvents: 5,
        quarantined: 1,
        gaps: 0,
      })
      const quarantined = rows('SELECT seq, event_id, reason FROM quarantine')
      expect(quarantined.map(({ seq, event_id }) => ({ seq, event_id }))).toEqual([
        { seq: 3, event_id: null },
      ])
      expect(String(quarantined[0]?.reason)).toMatch(/^number outside ±2\^53 at id/)
    })

    it('never silently changes a number above 2^53: keeps its digits, or quarantines it saying so', async () => {
      server.events['audit-events'][2] = auditTextWithNumericId(3)
      server.events['audit-events'][3] = auditTextWithHugeNumber(4)
      await sync()
      const kept = rows(
        `SELECT seq, raw, reason FROM quarantine WHERE seq IN (3, 4)
         UNION ALL SELECT seq, raw, NULL FROM audit_events WHERE seq IN (3, 4) ORDER BY seq`,
      )
      const isFaithful = (row: Row) =>
        String(row.raw).includes(beyondSafeInteger) || /2\^53|precision/i.test(String(row.reason))
      expect(kept.map((row) => [row.seq, isFaithful(row)])).toEqual([
        [3, true],
        [4, true],
      ])
    })
  })

  describe('seq accounting', () => {
    it('records a seq jump as a gap with from and to, and resumes without another', async () => {
      server.events['audit-events'] = [1, 2, 5, 6].map((seq) => auditText(seq))
      expect(streamOf(await sync())).toMatchObject({ outcome: 'complete', newEvents: 4, gaps: 1 })
      server.events['audit-events'].push(auditText(7), auditText(8))
      expect(streamOf(await sync())).toMatchObject({ outcome: 'complete', newEvents: 2, gaps: 0 })
      expect(rows('SELECT from_seq, to_seq, reason FROM gaps')).toEqual([
        { from_seq: 3, to_seq: 4, reason: 'seq_jump' },
      ])
    })

    it('records a re-delivered id with different content as a conflict, keeping the stored row', async () => {
      const changed = auditText(2, { action: 'template.deleted', category: 'templates' })
      atSecondPage({ body: pageText([changed, auditText(3)], { nextCursor: 'c3', hasMore: true }) })
      expect(streamOf(await sync())).toMatchObject({
        outcome: 'complete',
        newEvents: 6,
        conflicts: 1,
      })
      expect(rows('SELECT seq, event_id, stored_raw, received_raw FROM conflicts')).toEqual([
        { seq: 2, event_id: 'evt_000002', stored_raw: auditText(2), received_raw: changed },
      ])
      expect(storedRaws()).toEqual(server.events['audit-events'])
    })

    it('records an id re-delivered under a new seq as a conflict, never storing it twice', async () => {
      server.events['audit-events'][2] = auditText(3, { id: 'evt_000001' })
      await sync()
      const ids = rows('SELECT id FROM audit_events').map((row) => row.id)
      expect(new Set(ids).size).toBe(ids.length)
      expect(rows('SELECT seq, event_id FROM conflicts')).toEqual([
        { seq: 3, event_id: 'evt_000001' },
      ])
    })

    it('stops an endless has_more of unplaceable events as cursor_stuck', async () => {
      let served = 0
      atSecondPage(() => {
        served += 1
        // The guard only keeps a broken engine from looping forever; a sound one stops at 3.
        return { body: pageText(['{"junk":true}'], { nextCursor: 'c2', hasMore: served < 20 }) }
      })
      const result = streamOf(await sync())
      expect({ code: result.error?.code, served }).toEqual({ code: 'cursor_stuck', served: 3 })
    })
  })

  describe('the request-log stream and the API key', () => {
    it('a hostile request-log page fails that stream only; the next sync resumes it', async () => {
      server.intercept((request) =>
        request.endpoint === 'request-logs' && request.cursor === 'c2'
          ? { body: '<html>' }
          : undefined,
      )
      const first = await sync(['audit-events', 'request-logs'])
      expect(streamOf(first, 0)).toMatchObject({ outcome: 'complete', newEvents: 6 })
      expect(streamOf(first, 1)).toMatchObject({
        outcome: 'failed',
        error: { code: 'malformed_page' },
        newEvents: 2,
      })
      server.clearIntercept()
      const second = await sync(['audit-events', 'request-logs'])
      expect(streamOf(second, 1)).toMatchObject({ outcome: 'complete', newEvents: 4 })
      expect(storedRaws('request_logs')).toEqual(server.events['request-logs'])
    })

    it.each<[string, ScriptedResponse]>([
      [
        'a 401 whose message echoes the key',
        { status: 401, body: errorText('unauthorized', `Key ${apiKey} is revoked`) },
      ],
      [
        'a 500 whose message echoes the key',
        { status: 500, body: errorText('internal_error', `auth=${apiKey}`) },
      ],
      ['a 200 that is not JSON and starts with the key', { body: `${apiKey} is not allowed here` }],
    ])('keeps the key out of what it stores and returns: %s', async (_, hostile) => {
      atSecondPage(hostile)
      const result = await sync()
      expect(streamOf(result).outcome).toBe('failed')
      expect(rows('SELECT error_message FROM sync_runs')[0]?.error_message).not.toContain(apiKey)
    })
  })
})
