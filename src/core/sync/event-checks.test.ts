// The hand-written checks must agree with the zod schemas (the definition) on every input: the
// same events accepted, with the same values, and the same events refused.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkAuditEvent, checkRequestLogEntry } from './event-checks'
import { auditEventSchema, requestLogSchema } from './event-schemas'

const absent = Symbol('absent')

/** Mostly valid values (so that whole events often pass), sometimes each kind of invalid one. */
const mostly = <T>(valid: fc.Arbitrary<T>, ...invalid: unknown[]) =>
  fc.oneof(
    { arbitrary: valid, weight: 30 },
    { arbitrary: fc.constantFrom(...invalid, absent, null, 7, true, [], {}, '', 'x'), weight: 1 },
  )

const text = (min: number, max: number) =>
  mostly(
    fc.oneof(
      fc.string({ minLength: min, maxLength: Math.min(max, 12) }),
      fc.constantFrom('x'.repeat(max), '\u{1F600}'.repeat(Math.floor(max / 2))),
    ),
    'x'.repeat(max + 1),
  )
const optionalText = (max: number) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(absent, null), weight: 1 },
    { arbitrary: text(0, max), weight: 3 },
  )
const identifier = text(1, 64)
const sequence = mostly(
  fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  0,
  -1,
  1.5,
  2 ** 53,
  Number.POSITIVE_INFINITY,
  '1',
)
const timestamp = mostly(
  fc
    .date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    .map((date) => date.toISOString()),
  '2026-11-25T10:15:30',
  '2026-02-30T00:00:00Z',
  1_700_000_000_000,
)

/** An object of the given fields, leaving out the ones drawn as absent, sometimes with extras. */
const record = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc
    .tuple(fc.record(fields), fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue()))
    .map(([drawn, extra]) =>
      Object.fromEntries([
        ...Object.entries(extra).filter(([key]) => !(key in drawn)),
        ...Object.entries(drawn).filter(([, field]) => field !== absent),
      ]),
    )

const auditEvent = record({
  id: identifier,
  seq: sequence,
  occurred_at: timestamp,
  recorded_at: timestamp,
  action: text(1, 128),
  category: text(1, 64),
  actor: mostly(
    record({
      type: text(1, 32),
      id: identifier,
      email: optionalText(320),
      name: optionalText(1024),
      last4: optionalText(16),
    }),
  ),
  resource: fc.oneof(
    fc.constantFrom(absent, null),
    mostly(record({ type: text(1, 64), id: identifier, name: optionalText(1024) })),
  ),
  ip_address: optionalText(64),
  user_agent: optionalText(4096),
  status: mostly(fc.constantFrom('success', 'failure'), 'Success', 'ok'),
  failure_reason: optionalText(256),
  metadata: fc.oneof(
    fc.constant(absent),
    mostly(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue())),
  ),
})

const requestLog = record({
  id: identifier,
  seq: sequence,
  occurred_at: timestamp,
  recorded_at: timestamp,
  method: text(1, 16),
  endpoint: text(1, 2048),
  status_code: mostly(fc.integer({ min: 100, max: 599 }), 99, 600, 200.5, '200'),
  duration_ms: mostly(
    fc.double({ min: 0, max: 86_400_000, noNaN: true }),
    -1,
    86_400_001,
    Number.POSITIVE_INFINITY,
    '5',
  ),
  api_key: fc.oneof(
    fc.constantFrom(absent, null),
    mostly(record({ id: identifier, last4: text(0, 16), name: optionalText(1024) })),
  ),
  ip_address: optionalText(64),
  user_agent: optionalText(4096),
  error_code: optionalText(256),
})

/** As JSON.parse would hand it over (plain prototypes; 1e400 read as Infinity). */
const asParsed = (value: unknown): unknown =>
  JSON.parse(
    JSON.stringify(value, (_, field: unknown) =>
      field === Number.POSITIVE_INFINITY ? '∞!' : field,
    ),
    (_, field: unknown) => (field === '∞!' ? Number.POSITIVE_INFINITY : field),
  )

function agree(
  check: (item: unknown) => unknown,
  schema: { safeParse: (item: unknown) => { success: boolean; data?: unknown } },
  input: fc.Arbitrary<unknown>,
): { accepted: number; refused: number } {
  const tally = { accepted: 0, refused: 0 }
  fc.assert(
    fc.property(input.map(asParsed), (item) => {
      const fast = check(item)
      const reference = schema.safeParse(item)
      expect(fast !== undefined).toBe(reference.success)
      if (fast === undefined) {
        tally.refused += 1
        return
      }
      tally.accepted += 1
      // Same values (key order aside; zod copies metadata, the checks keep JSON.parse's object).
      expect(fast).toStrictEqual(reference.data)
    }),
    { numRuns: 4_000 },
  )
  return tally
}

describe('event checks against the zod schemas', () => {
  it('agree on audit events', () => {
    const tally = agree(checkAuditEvent, auditEventSchema, auditEvent)
    // Both paths must be exercised.
    expect(tally.accepted).toBeGreaterThan(400)
    expect(tally.refused).toBeGreaterThan(400)
  })

  it('agree on request log entries', () => {
    const tally = agree(checkRequestLogEntry, requestLogSchema, requestLog)
    expect(tally.accepted).toBeGreaterThan(400)
    expect(tally.refused).toBeGreaterThan(400)
  })

  it('agree on values that are not objects', () => {
    for (const value of [null, [], 'event', 42, [{ id: 'x' }]]) {
      expect(checkAuditEvent(value)).toBeUndefined()
      expect(checkRequestLogEntry(value)).toBeUndefined()
      expect(auditEventSchema.safeParse(value).success).toBe(false)
    }
  })
})
