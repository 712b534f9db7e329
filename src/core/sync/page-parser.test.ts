import { describe, expect, it } from 'vitest'
import { maxEventBytes, parsePage, type ParsedPage } from './page-parser'
import { auditEventJson, pageBytes, requestLogJson } from './test-events'

const encode = (text: string) => new TextEncoder().encode(text)

function expectPage<T>(result: ParsedPage<T> | { code: string; message: string }): ParsedPage<T> {
  if ('code' in result) throw new Error(`expected a page, got ${result.code}: ${result.message}`)
  return result
}

describe('parsePage', () => {
  it('parses a page of audit events with times as epoch ms and the raw JSON kept', () => {
    const event = auditEventJson(1, { extra_field: { nested: true } })
    const page = expectPage(parsePage('audit-events', pageBytes([event], { has_more: true })))
    expect(page).toMatchObject({
      nextCursor: 'cur_next',
      hasMore: true,
      oldestAvailableAt: Date.UTC(2026, 7, 27),
    })
    const [item] = page.items
    expect(item).toMatchObject({ kind: 'event', seq: 1, id: 'evt_000001' })
    if (item?.kind !== 'event') return
    expect(item.value.occurred_at).toBe(Date.UTC(2026, 10, 1, 0, 1))
    expect(JSON.parse(item.raw)).toEqual(event)
  })

  it('parses request log entries, including a null api_key', () => {
    const page = expectPage(
      parsePage(
        'request-logs',
        pageBytes([requestLogJson(1), requestLogJson(2, { api_key: null })]),
      ),
    )
    expect(page.items.map((item) => item.kind)).toEqual(['event', 'event'])
  })

  it('accepts an empty page and keeps its cursor', () => {
    const page = expectPage(parsePage('audit-events', pageBytes([], { next_cursor: 'same' })))
    expect(page.items).toEqual([])
    expect(page.nextCursor).toBe('same')
  })

  it('tolerates and reports a UTF-8 byte order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...pageBytes([auditEventJson(1)])])
    const page = expectPage(parsePage('audit-events', bytes))
    expect(page.hadByteOrderMark).toBe(true)
    expect(page.items).toHaveLength(1)
  })

  it.each([
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), /not valid UTF-8/],
    ['truncated JSON', encode('{"data":[{"id":"evt_1"'), /not valid JSON/],
    ['a NUL byte', encode('{"data":[]\u0000}'), /NUL/],
    [
      'no next_cursor',
      encode('{"data":[],"has_more":false,"oldest_available_at":"2026-08-27T00:00:00Z"}'),
      /next_cursor/,
    ],
    [
      'a cursor over 512 characters',
      pageBytes([], { next_cursor: 'c'.repeat(513) }),
      /next_cursor/,
    ],
    ['data that is not an array', pageBytes([], { data: {} }), /data/],
    [
      'an offset-less oldest_available_at',
      pageBytes([], { oldest_available_at: '2026-08-27T00:00:00' }),
      /oldest_available_at/,
    ],
    ['events out of seq order', pageBytes([auditEventJson(2), auditEventJson(1)]), /ascending seq/],
    ['a repeated seq', pageBytes([auditEventJson(2), auditEventJson(2)]), /ascending seq/],
    ['a JSON array body', encode('[]'), /envelope/],
  ])('refuses a page with %s as malformed', (_, body, message) => {
    const result = parsePage('audit-events', body)
    expect(result).toMatchObject({ code: 'malformed_page' })
    if ('code' in result) expect(result.message).toMatch(message)
  })

  it.each([
    ['an id given as a number', { id: 9007199254740991 }, /id/],
    ['an offset-less timestamp', { occurred_at: '2026-11-25T10:15:30.123' }, /occurred_at/],
    ['an impossible date', { recorded_at: '2026-02-30T10:15:30.123Z' }, /recorded_at/],
    ['an unknown status', { status: 'maybe' }, /status/],
    ['a missing actor', { actor: undefined }, /actor/],
    ['an id over 64 characters', { id: 'x'.repeat(65) }, /id/],
  ])('quarantines an event with %s, keeping its raw text and seq', (_, override, reason) => {
    const bad = auditEventJson(2, override)
    const page = expectPage(
      parsePage('audit-events', pageBytes([auditEventJson(1), bad, auditEventJson(3)])),
    )
    expect(page.items.map((item) => item.kind)).toEqual(['event', 'quarantined', 'event'])
    const quarantined = page.items[1]
    expect(quarantined).toMatchObject({ kind: 'quarantined', seq: 2 })
    if (quarantined?.kind === 'quarantined') {
      expect(quarantined.reason).toMatch(reason)
      expect(JSON.parse(quarantined.raw)).toEqual(JSON.parse(JSON.stringify(bad)))
    }
  })

  it('quarantines an event whose seq is beyond 2^53 without placing it', () => {
    const body = encode(
      `{"data":[${JSON.stringify(auditEventJson(1))},{"id":"evt_big","seq":9007199254740993}],"next_cursor":"c","has_more":false,"oldest_available_at":"2026-08-27T00:00:00Z"}`,
    )
    const page = expectPage(parsePage('audit-events', body))
    expect(page.items[1]).toMatchObject({ kind: 'quarantined', seq: null })
  })

  it('quarantines a 20 MB field instead of storing it as an event', () => {
    const huge = auditEventJson(1, { user_agent: 'A'.repeat(20 * 1024 * 1024) })
    const page = expectPage(parsePage('audit-events', pageBytes([huge])))
    expect(page.items[0]).toMatchObject({
      kind: 'quarantined',
      seq: 1,
      reason: `event larger than ${maxEventBytes} bytes`,
    })
  })

  it('keeps a __proto__ key as plain data without touching any prototype', () => {
    const body = encode(
      `{"data":[${JSON.stringify(auditEventJson(1)).replace('"metadata":{}', '"metadata":{"__proto__":{"polluted":true}}')}],"next_cursor":"c","has_more":false,"oldest_available_at":"2026-08-27T00:00:00Z"}`,
    )
    const page = expectPage(parsePage('audit-events', body))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const item = page.items[0]
    expect(item?.kind).toBe('event')
    expect(item?.raw).toContain('"__proto__":{"polluted":true}')
  })

  it('keeps hostile strings (HTML, bidi controls, NUL escapes, emoji) exactly', () => {
    const hostile = '<img src=x onerror=alert(1)>\u202Egnp.exe\u0000 🧨 =cmd|/c calc'
    const page = expectPage(
      parsePage('audit-events', pageBytes([auditEventJson(1, { user_agent: hostile })])),
    )
    const item = page.items[0]
    if (item?.kind !== 'event') throw new Error('expected an event')
    expect(item.value.user_agent).toBe(hostile)
    expect((JSON.parse(item.raw) as { user_agent: string }).user_agent).toBe(hostile)
  })

  const pageOf = (events: string) =>
    encode(
      `{"data":[${events}],"next_cursor":"c","has_more":false,"oldest_available_at":"2026-08-27T00:00:00Z"}`,
    )
  const withMetadata = (metadata: string) =>
    JSON.stringify(auditEventJson(1)).replace('"metadata":{}', `"metadata":${metadata}`)

  it('keeps each event exactly as received: number spellings and escapes', () => {
    // A re-serialisation would turn 1.0 into 1, 1.00000000000000000001 into 1 and \u00e9 into é.
    const event = withMetadata('{"a":1.0,"b":1.00000000000000000001,"c":"caf\\u00e9","d":"\\/"}')
    const item = expectPage(parsePage('audit-events', pageOf(event))).items[0]
    expect(item?.kind).toBe('event')
    expect(item?.raw).toBe(event)
  })

  it('stores a pretty-printed event on one line, strings untouched', () => {
    const event = auditEventJson(1, { metadata: { note: 'two  spaces\nand a newline' } })
    const text = `{"data": [\n  ${JSON.stringify(event, null, 2)}\n],\n"next_cursor": "c", "has_more": false, "oldest_available_at": "2026-08-27T00:00:00Z"}`
    const item = expectPage(parsePage('audit-events', encode(text))).items[0]
    expect(item?.raw).toBe(JSON.stringify(event))
    expect(item?.raw).not.toMatch(/\n/)
  })

  it.each([
    ['an integer of 16 digits beyond 2^53', '{"n":9007199254740993}', 'metadata.n'],
    ['a negative one', '{"deep":{"n":-9007199254740993}}', 'metadata.deep.n'],
    ['an exponent beyond 2^53', '{"n":1e20}', 'metadata.n'],
    ['a number beyond the double range', '{"n":1e400}', 'metadata.n'],
  ])('quarantines %s, its raw text kept', (_, metadata, path) => {
    const event = withMetadata(metadata)
    const item = expectPage(parsePage('audit-events', pageOf(event))).items[0]
    expect(item).toMatchObject({ kind: 'quarantined', seq: 1, raw: event })
    if (item?.kind === 'quarantined') expect(item.reason).toContain(path)
  })

  it('accepts long numbers that JSON.parse keeps exactly', () => {
    const event = withMetadata('{"a":9007199254740991,"b":0.1234567890123456789,"c":1e-5}')
    const item = expectPage(parsePage('audit-events', pageOf(event))).items[0]
    expect(item).toMatchObject({ kind: 'event', raw: event })
  })
})
