// Deterministic events for the fixture server: a small, contract-following stand-in that lets the
// suite be tested without the demo server, and that tests can break on purpose.
import type { JsonObject } from './openapi-schemas'
import type { StreamName } from './scan'

const hour = 3_600_000
const day = 24 * hour

/** One stored event: its JSON and the instants the server pages and groups by. */
export type FixtureEvent = {
  id: string
  seq: number
  recordedAt: number
  occurredAt: number
  json: JsonObject
}

/** A seeded pseudo-random source (mulberry32), so every run sees the same events. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state)
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296
  }
}

const iso = (instant: number) => new Date(instant).toISOString()

function auditBody(random: () => number, index: number): JsonObject {
  const kind = index % 3
  const actor =
    kind === 0
      ? {
          type: 'user',
          id: `usr_${index % 17}`,
          email: `user${index % 17}@acme.example`,
          name: null,
        }
      : kind === 1
        ? { type: 'api_key', id: `key_${index % 5}`, last4: '9f2c', name: 'CI pipeline' }
        : { type: 'system', id: 'system', name: null }
  const isFailure = random() < 0.1
  return {
    action: isFailure ? 'user.signed_in' : 'template.created',
    category: isFailure ? 'authentication' : 'templates',
    actor,
    resource: random() < 0.2 ? null : { type: 'template', id: `tpl_${index}`, name: 'Invoice' },
    ip_address: random() < 0.5 ? '203.0.113.7' : '2001:db8::7',
    user_agent: random() < 0.1 ? null : 'Mozilla/5.0',
    status: isFailure ? 'failure' : 'success',
    failure_reason: isFailure ? 'bad_password' : null,
    metadata: { note: 'ünïcode ✓', weight: index / 8 },
  }
}

function requestBody(random: () => number, index: number): JsonObject {
  const hasKey = random() < 0.9
  return {
    method: index % 4 === 0 ? 'GET' : 'POST',
    endpoint: '/v1/documents/generate',
    status_code: hasKey ? 200 : 401,
    duration_ms: Math.floor(random() * 900),
    api_key: hasKey ? { id: `key_${index % 5}`, last4: '9f2c', name: null } : null,
    ip_address: '198.51.100.4',
    user_agent: 'acme-sdk/2.1',
    error_code: hasKey ? null : 'unauthorized',
  }
}

/** Makes one event recorded at `recordedAt`, with the given seq. */
export function makeEvent(
  stream: StreamName,
  seq: number,
  instants: { occurredAt: number; recordedAt: number },
  random: () => number,
): FixtureEvent {
  const prefix = stream === 'audit-events' ? 'evt' : 'req'
  const id = `${prefix}_${seq.toString(36)}${Math.floor(random() * 1e9).toString(36)}`
  const body = stream === 'audit-events' ? auditBody(random, seq) : requestBody(random, seq)
  const json = {
    id,
    seq,
    occurred_at: iso(instants.occurredAt),
    recorded_at: iso(instants.recordedAt),
    ...body,
  }
  return { id, seq, ...instants, json }
}

/** `count` events over the `days` before `now`, recorded up to 23 hours after they occurred. */
export function generateEvents(
  stream: StreamName,
  options: { count: number; days: number; now: number; seed: number },
): FixtureEvent[] {
  const random = seededRandom(options.seed)
  const start = options.now - options.days * day
  const instants = Array.from({ length: options.count }, () => {
    const occurredAt = start + Math.floor(random() * (options.days * day - hour))
    const delay = random() < 0.1 ? Math.floor(random() * 23 * hour) : Math.floor(random() * 5_000)
    return { occurredAt, recordedAt: Math.min(occurredAt + delay, options.now - 1) }
  })
  instants.sort((left, right) => left.recordedAt - right.recordedAt)
  return instants.map((instant, index) => makeEvent(stream, index + 1, instant, random))
}
