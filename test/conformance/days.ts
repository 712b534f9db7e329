// UTC days and which of them a pass over a stream covers completely, for the stats and digest
// checks. Events are grouped by the UTC date of occurred_at and recorded within 24 hours of it.
import { createHash } from 'node:crypto'
import type { ApiClient } from './http-client'
import { isJsonObject } from './openapi-schemas'
import { readEvent, type ScanResult, type StreamEvent } from './scan'

/** Milliseconds in a day. */
export const dayMilliseconds = 86_400_000

/** Lowercase hex SHA-256 of UTF-8 text. */
export const sha256Hex = (text: string): string =>
  createHash('sha256').update(text, 'utf8').digest('hex')

/** The UTC date (YYYY-MM-DD) of an instant. */
export const utcDate = (instant: number): string => new Date(instant).toISOString().slice(0, 10)

/** The instant a UTC date starts. */
export const dayStart = (date: string): number => Date.parse(`${date}T00:00:00.000Z`)

/** The date `count` days after (or before, when negative) a date. */
export const addDays = (date: string, count: number): string =>
  utcDate(dayStart(date) + count * dayMilliseconds)

/** Every date from `from` to `to`, inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = []
  for (let date = from; date <= to; date = addDays(date, 1)) dates.push(date)
  return dates
}

/** Splits an inclusive range into ranges of at most `size` days (the contract allows 400). */
export function chunkRange(from: string, to: string, size = 400): { from: string; to: string }[] {
  const chunks: { from: string; to: string }[] = []
  for (let start = from; start <= to; start = addDays(start, size)) {
    const end = addDays(start, size - 1)
    chunks.push({ from: start, to: end < to ? end : to })
  }
  return chunks
}

/** A pass's events grouped by the UTC date of occurred_at, each group in seq order. */
export function eventsByDate(scan: ScanResult): Map<string, StreamEvent[]> {
  const groups = new Map<string, StreamEvent[]>()
  for (const event of scan.events) {
    const date = utcDate(event.occurredAt)
    const group = groups.get(date) ?? []
    group.push(event)
    groups.set(date, group)
  }
  for (const group of groups.values()) group.sort((left, right) => left.seq - right.seq)
  return groups
}

/** True when following the pass's last cursor brings an event newer than the pass saw. */
export async function hasNewEvents(client: ApiClient, scan: ScanResult): Promise<boolean> {
  if (scan.lastCursor === undefined) return false
  const response = await client.request(`/v1/${scan.stream}`, {
    query: { cursor: scan.lastCursor },
  })
  const data = isJsonObject(response.body) ? response.body.data : undefined
  const lastSeq = scan.events.at(-1)?.seq ?? 0
  return (
    Array.isArray(data) &&
    data.some((item) => {
      const event = readEvent(item)
      return typeof event !== 'string' && event.seq > lastSeq
    })
  )
}

/**
 * The last date whose events the pass holds all of. A caught-up pass with no newer events since
 * holds every day up to today; otherwise a day is complete once its last possible event (occurred
 * before its end, recorded within 24 hours) was recorded before the pass's last event.
 */
export function lastCoveredDate(scan: ScanResult, serverTime: number, isQuiet: boolean): string {
  if (scan.isCaughtUp && isQuiet) return utcDate(serverTime)
  const lastRecorded = scan.events.at(-1)?.recordedAt ?? 0
  return utcDate(lastRecorded - 2 * dayMilliseconds)
}

/** The earliest UTC date of occurred_at among a pass's events (undefined when it saw none). */
export function firstDate(scan: ScanResult): string | undefined {
  if (scan.events.length === 0) return undefined
  return utcDate(
    scan.events.reduce((earliest, event) => Math.min(earliest, event.occurredAt), Infinity),
  )
}

/**
 * The first date whose events the server still holds all of. Only retention removes events, from
 * the oldest end: when seq 1 is still there nothing was removed; otherwise a day that starts after
 * the oldest available event was recorded lost nothing.
 */
export function firstHeldDate(scan: ScanResult): string | undefined {
  const first = scan.events[0]
  if (first === undefined) return undefined
  if (first.seq === 1) return firstDate(scan)
  return addDays(utcDate(first.recordedAt), 1)
}
