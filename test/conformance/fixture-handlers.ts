// The fixture server's endpoints as plain functions over its state: pages, stats and digests
// exactly as the contract describes them, and the 400 answers for bad parameters.
import { createHash, sign, type KeyObject } from 'node:crypto'
import canonicalize from 'canonicalize'
import type { FixtureEvent } from './fixture-data'
import type { StreamName } from './scan'

/** A status and a JSON body. */
export type Reply = { status: number; body: unknown }

/** What the handlers read and update. */
export type FixtureState = {
  store: Record<StreamName, FixtureEvent[]>
  now: () => number
  firstDay: string
  signingKey: KeyObject
  publicKeyPem: string
  cursorRequests: number
  expireCursorAt: number | undefined
}

const day = 86_400_000
const sinceShape = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/
const dateShape = /^\d{4}-\d{2}-\d{2}$/

/** The contract's error body. */
export const errorReply = (status: number, code: string, message: string, extra = {}): Reply => ({
  status,
  body: { error: { code, message, ...extra } },
})
const invalid = (message: string) => errorReply(400, 'invalid_request', message)

/** RFC 3339 UTC with milliseconds. */
export const iso = (instant: number): string => new Date(instant).toISOString()
const dateOf = (instant: number) => iso(instant).slice(0, 10)
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

/** The exact instant of a `since`, fractions below a millisecond included; NaN when malformed. */
function parseSince(text: string): number {
  const match = sinceShape.exec(text)
  if (match === null) return Number.NaN
  const [, base = '', fraction = '', offset = ''] = match
  return Date.parse(`${base}${offset}`) + Number(`0.${fraction || '0'}`) * 1000
}

/** An inclusive date range of at most 400 days, or the 400 reply. */
function parseRange(query: URLSearchParams): { from: string; to: string } | Reply {
  const from = query.get('from') ?? ''
  const to = query.get('to') ?? ''
  const isDate = (text: string) =>
    dateShape.test(text) && !Number.isNaN(Date.parse(text)) && dateOf(Date.parse(text)) === text
  if (!isDate(from) || !isDate(to)) return invalid('from and to must be YYYY-MM-DD dates')
  const span = (Date.parse(to) - Date.parse(from)) / day + 1
  if (span < 1 || span > 400) return invalid('the range must span 1 to 400 days')
  return { from, to }
}

function datesOf(range: { from: string; to: string }): string[] {
  const dates: string[] = []
  for (let at = Date.parse(range.from); at <= Date.parse(range.to); at += day) {
    dates.push(dateOf(at))
  }
  return dates
}

const dayEvents = (state: FixtureState, stream: StreamName, date: string) =>
  state.store[stream].filter((event) => dateOf(event.occurredAt) === date)

/** Where a page starts (the seq before its first event), or the error reply. */
function pageStart(
  state: FixtureState,
  stream: StreamName,
  query: URLSearchParams,
): number | Reply {
  const events = state.store[stream]
  const since = query.get('since')
  const cursor = query.get('cursor')
  if (since !== null && cursor !== null) return invalid('pass since or cursor, not both')
  if (since !== null) {
    const instant = parseSince(since)
    if (Number.isNaN(instant)) return invalid('since must be an RFC 3339 date-time with an offset')
    const index = events.findIndex((event) => event.recordedAt >= instant)
    return index === -1 ? (events.at(-1)?.seq ?? 0) : index
  }
  if (cursor === null) return 0
  const decoded = /^c(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'))
  const after = decoded === null ? -1 : Number(decoded[1])
  if (after < 0 || after > (events.at(-1)?.seq ?? 0) || cursor.length > 512) {
    return invalid('cursor is not one this server issued')
  }
  state.cursorRequests += 1
  if (state.cursorRequests !== state.expireCursorAt) return after
  const oldest = iso(events[0]?.recordedAt ?? state.now())
  return errorReply(410, 'cursor_expired', 'the cursor expired', { oldest_available_at: oldest })
}

/** GET /v1/{stream}. */
export function pageReply(state: FixtureState, stream: StreamName, query: URLSearchParams): Reply {
  const events = state.store[stream]
  const limitText = query.get('limit') ?? '100'
  const limit = /^\d+$/.test(limitText) ? Number(limitText) : 0
  if (limit < 1 || limit > 1000) return invalid('limit must be an integer from 1 to 1000')
  const after = pageStart(state, stream, query)
  if (typeof after !== 'number') return after
  const data = events.filter((event) => event.seq > after).slice(0, limit)
  const last = data.at(-1)?.seq ?? after
  const body = {
    data: data.map((event) => event.json),
    next_cursor: Buffer.from(`c${last}`, 'latin1').toString('base64url'),
    has_more: last < (events.at(-1)?.seq ?? 0),
    oldest_available_at: iso(events[0]?.recordedAt ?? state.now()),
  }
  return { status: 200, body }
}

/** GET /v1/{stream}/stats. */
export function statsReply(state: FixtureState, stream: StreamName, query: URLSearchParams): Reply {
  const range = parseRange(query)
  if ('status' in range) return range
  const days = datesOf(range).map((date) => {
    const ids = dayEvents(state, stream, date).map((event) => Buffer.from(event.id))
    ids.sort((left, right) => Buffer.compare(left, right))
    const idsSha256 = sha256(ids.map((id) => `${id.toString()}\n`).join(''))
    return { date, count: ids.length, ids_sha256: idsSha256 }
  })
  return { status: 200, body: { days } }
}

/** GET /v1/{stream}/digests: every sealed day from the first, chained, signed with Ed25519. */
export function digestsReply(
  state: FixtureState,
  stream: StreamName,
  query: URLSearchParams,
): Reply {
  const range = parseRange(query)
  if ('status' in range) return range
  const lastSealed = dateOf(state.now() - 2 * day)
  let previous = ''
  const days = []
  for (const date of datesOf({ from: state.firstDay, to: lastSealed })) {
    const events = dayEvents(state, stream, date).sort((left, right) => left.seq - right.seq)
    const hash = sha256(events.map((event) => `${canonicalize(event.json) ?? ''}\n`).join(''))
    const text = [stream, date, events.length, hash, previous].join('\n')
    const signature = sign(null, Buffer.from(text), state.signingKey).toString('base64')
    const digest = { stream, date, count: events.length, events_sha256: hash }
    const signed = { ...digest, previous_signature: previous, key_id: 'k_fixture', signature }
    if (date >= range.from && date <= range.to) days.push(signed)
    previous = signature
  }
  return { status: 200, body: { server_time: iso(state.now()), days } }
}
