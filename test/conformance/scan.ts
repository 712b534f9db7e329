// Pages through one stream from the oldest available event, following next_cursor the way the
// contract tells a client to, and records everything the paging checks judge afterwards.
import canonicalize from 'canonicalize'
import type { ApiClient } from './http-client'
import { isJsonObject, type JsonObject } from './openapi-schemas'

/** The two event streams of the contract. */
export const streamNames = ['audit-events', 'request-logs'] as const

/** One event stream. */
export type StreamName = (typeof streamNames)[number]

/** One event as received, with the fields the checks compare already parsed. */
export type StreamEvent = {
  id: string
  seq: number
  occurredAt: number
  recordedAt: number
  raw: JsonObject
  canonical: string
}

/** Problems found while paging, by the contract rule they break. */
export type ScanProblems = {
  http: string[]
  page: string[]
  cursor: string[]
  redelivery: string[]
  seq: string[]
  recordedAt: string[]
}

/** Everything one pass over a stream saw. `events` holds each id once, in delivery order. */
export type ScanResult = {
  stream: StreamName
  limit: number
  events: StreamEvent[]
  pages: number
  isCaughtUp: boolean
  lastCursor: string | undefined
  oldestAvailableAt: string | undefined
  problems: ScanProblems
}

const maxCursorLength = 512

/** Parses one received event, or explains why it cannot be compared at all. */
export function readEvent(value: unknown): StreamEvent | string {
  if (!isJsonObject(value)) return 'an entry of data is not an object'
  const { id, seq, occurred_at: occurred, recorded_at: recorded } = value
  if (typeof id !== 'string') return 'an event has no string id'
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq)) return `event ${id} has no integer seq`
  const occurredAt = typeof occurred === 'string' ? Date.parse(occurred) : Number.NaN
  const recordedAt = typeof recorded === 'string' ? Date.parse(recorded) : Number.NaN
  if (Number.isNaN(occurredAt) || Number.isNaN(recordedAt)) return `event ${id} has bad timestamps`
  const canonical = canonicalize(value) ?? ''
  return { id, seq, occurredAt, recordedAt, raw: value, canonical }
}

/** Adds one page's events to a scan, judging re-delivery, seq contiguity and recorded_at order. */
function absorbPage(scan: ScanResult, seen: Map<string, StreamEvent>, data: unknown[]): void {
  let isPrefix = true
  for (const item of data) {
    const event = readEvent(item)
    if (typeof event === 'string') {
      scan.problems.page.push(event)
      continue
    }
    const earlier = seen.get(event.id)
    if (earlier !== undefined) {
      if (earlier.canonical !== event.canonical) {
        scan.problems.redelivery.push(`id ${event.id} came again with different content`)
      }
      if (!isPrefix) scan.problems.redelivery.push(`id ${event.id} came again after new events`)
      continue
    }
    isPrefix = false
    const last = scan.events.at(-1)
    if (last !== undefined && event.seq !== last.seq + 1) {
      scan.problems.seq.push(`seq ${last.seq} was followed by seq ${event.seq}`)
    }
    if (last !== undefined && event.recordedAt < last.recordedAt) {
      scan.problems.recordedAt.push(`recorded_at went back at seq ${event.seq}`)
    }
    seen.set(event.id, event)
    scan.events.push(event)
  }
}

/** Judges one page's envelope; returns its next_cursor when it can be followed. */
function absorbEnvelope(scan: ScanResult, body: unknown, limit: number): string | undefined {
  if (!isJsonObject(body) || !Array.isArray(body.data)) {
    scan.problems.page.push(`page ${scan.pages} has no data array`)
    return undefined
  }
  const { next_cursor: cursor, has_more: hasMore } = body
  if (body.data.length > limit) {
    scan.problems.page.push(`page of ${body.data.length} events under limit=${limit}`)
  }
  if (typeof hasMore !== 'boolean') {
    scan.problems.page.push(`page ${scan.pages} has no boolean has_more`)
  }
  if (typeof cursor !== 'string') {
    const where = hasMore === false ? 'the last page' : `page ${scan.pages}`
    scan.problems.cursor.push(`next_cursor is missing on ${where} (limit=${limit})`)
    return undefined
  }
  if (cursor.length > maxCursorLength) {
    scan.problems.cursor.push(`next_cursor of ${cursor.length} characters`)
  }
  return cursor
}

const newScan = (stream: StreamName, limit: number): ScanResult => ({
  stream,
  limit,
  events: [],
  pages: 0,
  isCaughtUp: false,
  lastCursor: undefined,
  oldestAvailableAt: undefined,
  problems: { http: [], page: [], cursor: [], redelivery: [], seq: [], recordedAt: [] },
})

/** Fetches the pass's next page; undefined (the problem recorded) when the answer is no page. */
async function nextPage(client: ApiClient, scan: ScanResult): Promise<JsonObject | undefined> {
  const query: Record<string, string> = { limit: String(scan.limit) }
  if (scan.lastCursor !== undefined) query.cursor = scan.lastCursor
  const response = await client.request(`/v1/${scan.stream}`, { query })
  scan.pages += 1
  if (response.status === 200) return isJsonObject(response.body) ? response.body : {}
  scan.problems.http.push(`page ${scan.pages} (limit=${scan.limit}) answered ${response.status}`)
  return undefined
}

/** Pages through a stream with `limit` until caught up or `maxEvents` distinct events were seen. */
export async function scanStream(
  client: ApiClient,
  stream: StreamName,
  limit: number,
  maxEvents: number,
): Promise<ScanResult> {
  const scan = newScan(stream, limit)
  const seen = new Map<string, StreamEvent>()
  let emptyPagesInARow = 0
  for (;;) {
    const body = await nextPage(client, scan)
    if (body === undefined) return scan
    const cursor = absorbEnvelope(scan, body, limit)
    if (!Array.isArray(body.data)) return scan
    if (scan.pages === 1 && typeof body.oldest_available_at === 'string') {
      scan.oldestAvailableAt = body.oldest_available_at
    }
    absorbPage(scan, seen, body.data)
    emptyPagesInARow = body.data.length === 0 ? emptyPagesInARow + 1 : 0
    if (body.has_more !== true) scan.isCaughtUp = true
    scan.lastCursor = cursor
    if (cursor === undefined || scan.isCaughtUp || scan.events.length >= maxEvents) return scan
    if (emptyPagesInARow >= 3) {
      scan.problems.page.push('three empty pages in a row said has_more: true')
      return scan
    }
  }
}
