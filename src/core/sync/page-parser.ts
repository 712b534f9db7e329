// Turns one untrusted HTTP body into a page of events (CONVENTIONS.md §4): strict UTF-8, size
// caps, the envelope checked, each event checked on its own. A bad event is quarantined with its
// raw text and a reason; a bad page (not JSON, wrong envelope, seq out of order) is an error.
import { z } from 'zod'
import {
  auditEventSchema,
  describeIssue,
  pageEnvelopeSchema,
  requestLogSchema,
  type AuditEvent,
  type RequestLogEntry,
} from './event-schemas'

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
  const schema: z.ZodType<AuditEvent | RequestLogEntry> =
    stream === 'audit-events' ? auditEventSchema : requestLogSchema
  const items = envelope.data.data.map((item) => parseItem(schema, item))
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

function parseItem<T>(schema: z.ZodType<T>, item: unknown): AcceptedEvent<T> | QuarantinedEvent {
  const raw = JSON.stringify(item)
  const seq = readSeq(item)
  const id = readId(item)
  // A UTF-16 unit is at most 3 UTF-8 bytes: only long texts need their bytes counted.
  if (raw.length * 3 > maxEventBytes && Buffer.byteLength(raw, 'utf8') > maxEventBytes) {
    return { kind: 'quarantined', seq, id, raw, reason: `event larger than ${maxEventBytes} bytes` }
  }
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return { kind: 'quarantined', seq, id, raw, reason: 'event is not a JSON object' }
  }
  const unsafe = findUnsafeInteger(item, '', 0)
  if (unsafe !== undefined) {
    const reason = `number outside ±2^53 at ${unsafe}: JSON parsing cannot keep its exact digits`
    return { kind: 'quarantined', seq, id, raw, reason }
  }
  const parsed = schema.safeParse(item)
  if (!parsed.success)
    return { kind: 'quarantined', seq, id, raw, reason: describeIssue(parsed.error) }
  const value = parsed.data as T & { seq: number; id: string } // the schema requires seq and id
  return { kind: 'event', seq: value.seq, id: value.id, raw, value }
}

/** The path of the first whole number beyond ±2^53 (whose digits JSON.parse already changed). */
function findUnsafeInteger(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && !Number.isSafeInteger(value) ? path || '(root)' : undefined
  }
  if (typeof value !== 'object' || value === null || depth > 64) return undefined
  for (const [key, child] of Object.entries(value)) {
    const found = findUnsafeInteger(child, path === '' ? key : `${path}.${key}`, depth + 1)
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
