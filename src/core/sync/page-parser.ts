// Turns one untrusted HTTP body into a page of events (CONVENTIONS.md §4): strict UTF-8, size
// caps, the envelope checked, each event checked on its own. A bad event is quarantined with its
// raw text and a reason; a bad page (not JSON, wrong envelope, seq out of order) is an error.
import { z } from 'zod'
import { checkAuditEvent, checkRequestLogEntry } from './event-checks'
import {
  auditEventSchema,
  describeIssue,
  pageEnvelopeSchema,
  requestLogSchema,
  type AuditEvent,
  type RequestLogEntry,
} from './event-schemas'
import { findDataItems, itemText, type ItemSpan } from './json-spans'

/** The two streams of the contract. */
export type StreamName = 'audit-events' | 'request-logs'

/** The largest response body accepted (a page of 1000 events is normally a few MB). */
export const maxResponseBytes = 64 * 1024 * 1024

/** The largest single event kept as an event; a larger one is quarantined. */
export const maxEventBytes = 1024 * 1024

/** An event that passed its schema, with its raw JSON as received. */
export type AcceptedEvent<T> = { kind: 'event'; seq: number; id: string; raw: string; value: T }

/** An event that failed its schema: kept with its raw text and why, placed by seq if it has one. */
export type QuarantinedEvent = {
  kind: 'quarantined'
  seq: number | null
  id: string | null
  raw: string
  reason: string
}

/** One parsed page. */
export type ParsedPage<T> = {
  nextCursor: string
  hasMore: boolean
  oldestAvailableAt: number
  items: (AcceptedEvent<T> | QuarantinedEvent)[]
  /** A leading UTF-8 byte order mark was removed (tolerated, counted). */
  hadByteOrderMark: boolean
}

/** Why a whole page was refused. */
export type PageError = { code: 'malformed_page' | 'response_too_large'; message: string }

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Parses a page body of the given stream. */
export function parsePage(
  stream: 'audit-events',
  body: Uint8Array,
): ParsedPage<AuditEvent> | PageError
export function parsePage(
  stream: 'request-logs',
  body: Uint8Array,
): ParsedPage<RequestLogEntry> | PageError
export function parsePage(
  stream: StreamName,
  body: Uint8Array,
): ParsedPage<AuditEvent | RequestLogEntry> | PageError
export function parsePage(
  stream: StreamName,
  body: Uint8Array,
): ParsedPage<AuditEvent | RequestLogEntry> | PageError {
  if (body.byteLength > maxResponseBytes) {
    return {
      code: 'response_too_large',
      message: `The server sent a page of ${body.byteLength} bytes, over the ${maxResponseBytes}-byte limit.`,
    }
  }
  let text: string
  try {
    text = decoder.decode(body)
  } catch {
    return malformed('The page is not valid UTF-8.')
  }
  const hadByteOrderMark = text.startsWith('\uFEFF')
  if (hadByteOrderMark) text = text.slice(1)
  if (text.includes('\u0000'))
    return malformed('The page contains a NUL character outside a JSON string.')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return malformed(
      `The page is not valid JSON (${error instanceof Error ? error.message.slice(0, 120) : 'parse error'}).`,
    )
  }
  const envelope = pageEnvelopeSchema.safeParse(json)
  if (!envelope.success)
    return malformed(
      `The page envelope does not follow the contract (${describeIssue(envelope.error)}).`,
    )
  const data = envelope.data.data
  const spans = findDataItems(text)
  if (spans?.length !== data.length) {
    // Unreachable for text JSON.parse accepted; refusing the page loses nothing.
    return malformed('The events of the page could not be delimited in its text.')
  }
  const validator: Validator<AuditEvent | RequestLogEntry> =
    stream === 'audit-events' ? auditValidator : requestLogValidator
  const items = spans.map((span, index) => parseItem(validator, data[index], text, span))
  const order = checkOrder(items)
  if (order !== undefined) return malformed(order)
  return {
    nextCursor: envelope.data.next_cursor,
    hasMore: envelope.data.has_more,
    oldestAvailableAt: envelope.data.oldest_available_at,
    items,
    hadByteOrderMark,
  }
}

/** An event's checks: the hand-written hot path, then zod (the definition) for what it refuses. */
type Validator<T extends Keyed> = { check: (item: unknown) => T | undefined; schema: z.ZodType<T> }
type Keyed = { seq: number; id: string }

const auditValidator: Validator<AuditEvent> = { check: checkAuditEvent, schema: auditEventSchema }
const requestLogValidator: Validator<RequestLogEntry> = {
  check: checkRequestLogEntry,
  schema: requestLogSchema,
}

function parseItem<T extends Keyed>(
  validator: Validator<T>,
  item: unknown,
  text: string,
  span: ItemSpan,
): AcceptedEvent<T> | QuarantinedEvent {
  // The event's own text as received (whitespace between tokens removed): its values exactly.
  const raw = itemText(text, span)
  const quarantine = (reason: string): QuarantinedEvent => ({
    kind: 'quarantined',
    seq: readSeq(item),
    id: readId(item),
    raw,
    reason,
  })
  // A UTF-16 unit is at most 3 UTF-8 bytes: only long texts need their bytes counted.
  if (raw.length * 3 > maxEventBytes && Buffer.byteLength(raw, 'utf8') > maxEventBytes) {
    return quarantine(`event larger than ${maxEventBytes} bytes`)
  }
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return quarantine('event is not a JSON object')
  }
  const unsafe = span.hasLongNumber ? findUnsafeNumber(item, '', 0) : undefined
  if (unsafe !== undefined) {
    return quarantine(`number outside ±2^53 at ${unsafe}: the contract keeps numbers within ±2^53`)
  }
  const checked = validator.check(item)
  if (checked !== undefined) return accepted(checked, raw)
  const parsed = validator.schema.safeParse(item)
  return parsed.success ? accepted(parsed.data, raw) : quarantine(describeIssue(parsed.error))
}

const accepted = <T extends Keyed>(value: T, raw: string): AcceptedEvent<T> => ({
  kind: 'event',
  seq: value.seq,
  id: value.id,
  raw,
  value,
})

/** The path of the first number beyond ±2^53 (whose digits JSON.parse already changed). */
function findUnsafeNumber(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value))
      ? undefined
      : path || '(root)'
  }
  if (typeof value !== 'object' || value === null || depth > 64) return undefined
  for (const [key, child] of Object.entries(value)) {
    const found = findUnsafeNumber(child, path === '' ? key : `${path}.${key}`, depth + 1)
    if (found !== undefined) return found
  }
  return undefined
}

/** The seq of an event that may fail its schema, when it is usable for placing it. */
function readSeq(item: unknown): number | null {
  if (typeof item !== 'object' || item === null || !('seq' in item)) return null
  const seq = item.seq
  return typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 1 ? seq : null
}

function readId(item: unknown): string | null {
  if (typeof item !== 'object' || item === null || !('id' in item)) return null
  return typeof item.id === 'string' ? item.id.slice(0, 256) : null
}

function checkOrder(
  items: readonly (AcceptedEvent<unknown> | QuarantinedEvent)[],
): string | undefined {
  let previous = 0
  for (const item of items) {
    if (item.seq === null) continue
    if (item.seq <= previous)
      return `Events are not in ascending seq order (seq ${item.seq} after ${previous}).`
    previous = item.seq
  }
  return undefined
}

function malformed(message: string): PageError {
  return { code: 'malformed_page', message }
}
