import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { eventFilterSchema, tagSchema, type Stream } from './filter'
import {
  describeFilter,
  describeFilterParts,
  formatInstant,
  formatQuery,
  maxQueryLength,
  parseQuery,
  type QueryFilter,
} from './query-language'

const day = (text: string) => Date.parse(`${text}T00:00:00Z`)

describe('parseQuery', () => {
  it('reads the issue example into one filter', () => {
    const parsed = parseQuery(
      'actor:ana@ action:template.* -status:success ip:203.0.113.0/24 country:RU "exact phrase"',
    )
    expect(parsed.errors).toEqual([])
    expect(parsed.filter).toEqual({
      actor: 'ana@',
      action: 'template.*',
      ip: '203.0.113.0/24',
      country: 'RU',
      phrase: ['exact phrase'],
      not: { status: 'success' },
    })
  })

  it('reads every qualifier of both streams', () => {
    const audit = parseQuery(
      'category:templates category:api_keys resource:template:tpl_123 from:2026-11-01 to:2026-11-20T10:00Z ip:2001:db8::/32',
      'audit-events',
    )
    expect(audit.errors).toEqual([])
    expect(audit.filter).toEqual({
      categories: ['templates', 'api_keys'],
      resourceType: 'template',
      resourceId: 'tpl_123',
      from: day('2026-11-01'),
      to: Date.parse('2026-11-20T10:00:00Z'),
      ip: '2001:db8::/32',
    })
    const requests = parseQuery(
      'key:9f2c endpoint:/v1/documents status:5xx slow:>500 -endpoint:/v1/health',
      'request-logs',
    )
    expect(requests.errors).toEqual([])
    expect(requests.filter).toEqual({
      apiKey: '9f2c',
      endpoint: '/v1/documents',
      status: '5xx',
      minDurationMs: 500,
      not: { endpoint: '/v1/health' },
    })
    expect(parseQuery('duration:>250').filter).toEqual({ minDurationMs: 250 })
    expect(parseQuery('resource:template').filter).toEqual({ resourceType: 'template' })
    expect(parseQuery('resource:*:tpl_1').filter).toEqual({ resourceId: 'tpl_1' })
  })

  it('reads the annotation qualifiers: tags, star, comments and labels', () => {
    const parsed = parseQuery(
      'tag:reviewed tag:"needs follow-up" is:starred -has:comment comment:"ask Ana" label:HIPAA -tag:ignored -label:GDPR',
      'audit-events',
    )
    expect(parsed.errors).toEqual([])
    expect(parsed.filter).toEqual({
      tags: ['reviewed', 'needs follow-up'],
      starred: true,
      commented: false,
      commentText: 'ask Ana',
      label: 'HIPAA',
      not: { tags: ['ignored'], label: 'GDPR' },
    })
    expect(parseQuery('-is:starred has:comment').filter).toEqual({
      starred: false,
      commented: true,
    })
    expect(formatQuery(parsed.filter)).toBe(
      'tag:reviewed tag:"needs follow-up" label:HIPAA is:starred -has:comment comment:"ask Ana" -tag:ignored -label:GDPR',
    )
    expect(parseQuery('label:HIPAA', 'request-logs').errors[0]?.message).toMatch(
      /label: applies to audit events only/,
    )
  })

  it('reports bad annotation values and leaves them out', () => {
    const cases: [string, RegExp][] = [
      ['is:important', /is: expects starred/],
      ['has:tags', /has: expects comment/],
      ['-comment:x', /comment: cannot be excluded/],
      [`tag:${'t'.repeat(65)}`, /tag: Too big/],
      ['tag:" padded"', /tag: must not start or end with a space/],
      ['label:"a\u200Fb"', /label: must not contain control or invisible/],
      ['is:starred is:starred', /is: given more than once/],
    ]
    for (const [text, message] of cases) {
      const parsed = parseQuery(text)
      expect(parsed.errors.map((error) => error.message).join('\n'), text).toMatch(message)
      expect(eventFilterSchema.safeParse(parsed.filter).success).toBe(true)
    }
  })

  it('turns bare words into text and quoted strings into phrases, with escapes', () => {
    const parsed = parseQuery('quota   exceeded "a \\"quoted\\" word" "back\\\\slash" 10:00')
    expect(parsed.errors).toEqual([])
    expect(parsed.filter).toEqual({
      text: 'quota exceeded 10:00',
      phrase: ['a "quoted" word', 'back\\slash'],
    })
    expect(parseQuery('actor:"Ana Ruiz"').filter).toEqual({ actor: 'Ana Ruiz' })
  })

  it('accumulates repeated multi fields, singly or as a list', () => {
    expect(parseQuery('action:user.*').filter).toEqual({ action: 'user.*' })
    expect(parseQuery('action:user.* action:template.deleted').filter).toEqual({
      actions: ['user.*', 'template.deleted'],
    })
    expect(parseQuery('-action:a -action:b -category:c').filter).toEqual({
      not: { actions: ['a', 'b'], categories: ['c'] },
    })
  })

  it('normalizes the case of qualifier names, statuses and countries', () => {
    expect(parseQuery('Status:5XX COUNTRY:ru').filter).toEqual({ status: '5xx', country: 'RU' })
  })

  it('reports an unknown qualifier with its position and keeps the rest', () => {
    const parsed = parseQuery('actor:ana  bogus:1 status:failure')
    expect(parsed.filter).toEqual({ actor: 'ana', status: 'failure' })
    expect(parsed.errors).toHaveLength(1)
    expect(parsed.errors[0]).toMatchObject({ start: 11, end: 18 })
    expect(parsed.errors[0]?.message).toMatch(/Unknown qualifier "bogus:".*column 12/)
  })

  it('reports bad values and leaves them out', () => {
    const cases: [string, RegExp][] = [
      ['status:maybe', /status/],
      ['ip:10.0.0.0/33', /ip: with "\/" must be a CIDR block/],
      ['country:Russia', /country: must be a two-letter country code/],
      ['from:yesterday', /from: expects a date/],
      ['to:2026-02-30', /to: expects a date/],
      ['slow:fast', /slow: expects milliseconds/],
      ['slow:>=500', /slow: expects milliseconds/],
      ['actor:', /actor: needs a value/],
      ['resource:*', /needs an id/],
      ['resource:template:', /id after ":" is empty/],
      [`actor:${'a'.repeat(321)}`, /actor: Too big/],
      [
        Array.from({ length: 51 }, (_, i) => `category:c${String(i)}`).join(' '),
        /category: Too big/,
      ],
      ['-from:2026-11-01', /cannot be excluded/],
      ['-resource:template:tpl_1', /resourceId cannot be excluded/],
      ['-quota', /Excluding text is not supported/],
      ['- status:success', /excludes nothing/],
      ['actor:ana actor:bo', /actor: given more than once/],
    ]
    for (const [text, message] of cases) {
      const parsed = parseQuery(text)
      expect(parsed.errors.map((error) => error.message).join('\n'), text).toMatch(message)
      expect(eventFilterSchema.safeParse(parsed.filter).success).toBe(true)
    }
    expect(parseQuery('actor:ana actor:bo').filter).toEqual({ actor: 'ana' })
  })

  it('refuses qualifiers of the other stream when given a stream', () => {
    expect(parseQuery('key:9f2c', 'audit-events').errors[0]?.message).toMatch(
      /key: applies to request logs only/,
    )
    expect(parseQuery('category:x', 'request-logs').errors[0]?.message).toMatch(
      /category: applies to audit events only/,
    )
    expect(parseQuery('status:5xx', 'audit-events').errors[0]?.message).toMatch(
      /audit events are success or failure/,
    )
    const once = parseQuery('action:/a action:/b', 'request-logs')
    expect(once.filter).toEqual({ action: '/a' })
    expect(once.errors[0]?.message).toMatch(/given more than once/)
  })

  it('handles hostile text without throwing or polluting prototypes', () => {
    const unbalanced = parseQuery('actor:"ana status:failure')
    expect(unbalanced.filter).toEqual({})
    expect(unbalanced.errors[0]?.message).toMatch(/never closed/)
    const controls = parseQuery('actor:a\u0000b \u0007 status:failure')
    expect(controls.filter).toEqual({ status: 'failure' })
    expect(controls.errors.length).toBeGreaterThanOrEqual(2)
    for (const name of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']) {
      const parsed = parseQuery(`${name}:x -${name}:y`)
      expect(parsed.filter).toEqual({})
      expect(parsed.errors).toHaveLength(2)
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined()
    const long = parseQuery('a'.repeat(maxQueryLength + 1))
    expect(long.filter).toEqual({})
    expect(long.errors[0]?.message).toMatch(/longer than 4000/)
    expect(parseQuery('word"inner"').errors[0]?.message).toMatch(/quote inside a word/)
  })
})

describe('formatQuery', () => {
  it('writes the canonical text', () => {
    const filter: QueryFilter = {
      text: 'quota exceeded',
      phrase: ['a "b"'],
      not: { status: 'success', categories: ['x y'] },
      from: day('2026-11-01'),
      to: Date.parse('2026-11-20T10:00:00Z'),
      actor: 'Ana Ruiz',
      actions: ['user.*', 'template.deleted'],
      resourceId: 'tpl_1',
    }
    expect(formatQuery(filter)).toBe(
      'actor:"Ana Ruiz" action:user.* action:template.deleted resource:*:tpl_1 from:2026-11-01 to:2026-11-20T10:00Z -category:"x y" -status:success quota exceeded "a \\"b\\""',
    )
    expect(formatQuery({ text: 'http://x -y' })).toBe('text:"http://x -y"')
    expect(formatQuery({})).toBe('')
  })

  it('writes instants as short as they read back exactly', () => {
    expect(formatInstant(Date.parse('2026-11-20T10:00:05Z'))).toBe('2026-11-20T10:00:05Z')
    expect(formatInstant(Date.parse('2026-11-20T10:00:05.120Z'))).toBe('2026-11-20T10:00:05.120Z')
    expect(formatInstant(-62_167_219_200_000)).toBe('0000-01-01')
  })
})

describe('describeFilter', () => {
  it('sums a filter up in short phrases', () => {
    expect(describeFilter({})).toBe('all events')
    expect(describeFilter({ connectionId: 'c1' })).toBe('all events')
    expect(
      describeFilter({
        actor: 'ana@',
        actions: ['template.*', 'user.signed_in'],
        not: { status: 'success', country: 'RU' },
        from: day('2026-11-01'),
        to: Date.parse('2026-11-20T10:00:00Z'),
        minDurationMs: 500,
        phrase: ['exact phrase'],
      }),
    ).toBe(
      'actor ana@, action template.* or user.signed_in, slower than 500 ms, from 2026-11-01, before 2026-11-20 10:00:00Z, not status success, not country RU, phrase “exact phrase”',
    )
    expect(describeFilterParts({ actor: 'x'.repeat(100) })[0]).toHaveLength('actor '.length + 61)
    expect(
      describeFilter({
        tags: ['reviewed', 'escalated'],
        label: 'HIPAA',
        starred: true,
        commented: false,
        commentText: 'owner',
        not: { tags: ['ignored'] },
      }),
    ).toBe(
      'tag reviewed or escalated, label HIPAA, starred, without comments, comment “owner”, not tag ignored',
    )
  })
})

// Values mixing the characters the syntax gives a meaning to with ordinary and non-ASCII text.
const unit = fc.oneof(
  fc.constantFrom('"', '\\', ':', '-', ' ', '*', '.', '/', '%', '_', '\u00a0', '@', '(', 'é'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
)
const value = (maxLength = 12) =>
  fc.string({ unit, minLength: 1, maxLength }).filter((text) => !/\p{Cc}/u.test(text))
const visible = () => value().filter((text) => /\S/.test(text))
const instant = fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 })
const ipValue = fc.oneof(
  fc.constantFrom('203.0.113.7', '203.0.113.0/24', '2001:db8::/32', '::ffff:10.0.0.0/104', '::1'),
  value().filter((text) => !text.includes('/')),
)
const status = fc.constantFrom('success', 'failure', '5xx', '404', '1xx', '200')
const country = fc.stringMatching(/^[A-Z]{2}$/)
const resourceType = value().filter((text) => !text.includes(':') && text !== '*')
const list = (minLength: number) => fc.array(value(), { minLength, maxLength: 3 })
const tag = value().filter((text) => tagSchema.safeParse(text).success)
const tags = fc.array(tag, { minLength: 1, maxLength: 3 })

const negated = fc
  .record(
    {
      actor: value(),
      action: value(),
      actions: list(2),
      categories: list(1),
      status,
      ip: ipValue,
      country,
      resourceType,
      apiKey: value(),
      endpoint: value(),
      tags,
      label: tag,
    },
    { requiredKeys: [] },
  )
  .map(({ actions, ...rest }) =>
    rest.action === undefined && actions ? { ...rest, actions } : rest,
  )
  .filter((not) => Object.keys(not).length > 0)

const queryFilter: fc.Arbitrary<QueryFilter> = fc
  .record(
    {
      from: instant,
      to: instant,
      actor: value(),
      action: value(),
      actions: list(2),
      categories: list(1),
      status,
      ip: ipValue,
      country,
      resourceType,
      resourceId: value(),
      apiKey: value(),
      endpoint: value(),
      minDurationMs: fc.integer({ min: 0, max: 86_400_000 }),
      text: visible(),
      phrase: fc.array(visible(), { minLength: 1, maxLength: 3 }),
      tags,
      label: tag,
      starred: fc.boolean(),
      commented: fc.boolean(),
      commentText: visible(),
      not: negated,
    },
    { requiredKeys: [] },
  )
  .map(({ actions, ...rest }) =>
    rest.action === undefined && actions ? { ...rest, actions } : rest,
  )

/** Keeps the fields a stream's query bar accepts. */
const forStream =
  (stream: Stream) =>
  (filter: QueryFilter): QueryFilter => {
    const { not, ...rest } = filter
    const drop =
      stream === 'audit-events'
        ? ['apiKey', 'endpoint', 'minDurationMs']
        : ['actions', 'categories', 'resourceType', 'resourceId', 'label']
    const keep = (part: object) =>
      Object.fromEntries(Object.entries(part).filter(([key]) => !drop.includes(key)))
    const result: Record<string, unknown> = keep(rest)
    const kept = not === undefined ? {} : keep(not)
    if (Object.keys(kept).length > 0) result.not = kept
    return result
  }
const auditStatus = (filter: QueryFilter) =>
  (filter.status === undefined || /^(success|failure)$/.test(filter.status)) &&
  (filter.not?.status === undefined || /^(success|failure)$/.test(filter.not.status))

describe('query language properties', () => {
  it('generates only valid filters (the oracle of the round trips)', () => {
    fc.assert(
      fc.property(queryFilter, (filter) => eventFilterSchema.safeParse(filter).success),
      { numRuns: 300 },
    )
  })

  it('reads the formatted text back as exactly the filter, and formats it the same again', () => {
    fc.assert(
      fc.property(queryFilter, (filter) => {
        const text = formatQuery(filter)
        const parsed = parseQuery(text)
        expect(parsed.errors).toEqual([])
        expect(parsed.filter).toEqual(filter)
        expect(formatQuery(parsed.filter)).toBe(text)
      }),
      { numRuns: 500 },
    )
  })

  it('round-trips a stream’s own fields when parsing for that stream', () => {
    fc.assert(
      fc.property(queryFilter.map(forStream('audit-events')).filter(auditStatus), (filter) => {
        expect(parseQuery(formatQuery(filter), 'audit-events')).toEqual({ filter, errors: [] })
      }),
    )
    fc.assert(
      fc.property(queryFilter.map(forStream('request-logs')), (filter) => {
        expect(parseQuery(formatQuery(filter), 'request-logs')).toEqual({ filter, errors: [] })
      }),
    )
  })

  it('never throws on arbitrary text, returns a valid filter and in-range error positions', () => {
    const syntax = fc.oneof(
      fc.constantFrom(
        'actor:',
        'action:',
        '-',
        '"',
        '\\',
        ':',
        ' ',
        'status:',
        '__proto__:',
        'ip:',
      ),
      fc.string({ unit: 'binary', maxLength: 3 }),
    )
    const texts = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.array(syntax).map((parts) => parts.join('')),
    )
    fc.assert(
      fc.property(
        texts,
        fc.constantFrom<Stream | undefined>(undefined, 'audit-events', 'request-logs'),
        (text, stream) => {
          const parsed = parseQuery(text, stream)
          expect(eventFilterSchema.safeParse(parsed.filter).success).toBe(true)
          for (const error of parsed.errors) {
            expect(error.start).toBeGreaterThanOrEqual(0)
            expect(error.end).toBeLessThanOrEqual(text.length)
          }
          // Whatever it read is canonical: formatting and reading again changes nothing.
          expect(parseQuery(formatQuery(parsed.filter)).filter).toEqual(parsed.filter)
        },
      ),
      { numRuns: 1000 },
    )
  })
})
