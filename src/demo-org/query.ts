// Strict parsing of query parameters. Every rejection is a 400 `invalid_request` whose message
// says which parameter is wrong and what is expected; values are echoed only shortened.
import { ApiError } from './http-response'
import { parseDate, parseRfc3339 } from './time'

/** A stream page request: where to start (at most one of since and cursor) and how many. */
export type StreamQuery = { since: number | null; cursor: string | null; limit: number }

/** A UTC day range for stats and digests. */
export type DayRange = { fromDay: number; toDay: number }

/** The most days a stats or digests request may cover. */
export const maxRangeDays = 400

/** Parses `since`, `cursor` and `limit` of a stream request. */
export function parseStreamQuery(params: URLSearchParams): StreamQuery {
  const since = single(params, 'since')
  const cursor = single(params, 'cursor')
  const limitText = single(params, 'limit')
  if (since !== null && cursor !== null) {
    throw invalid('Pass either since (first call) or cursor (later calls), not both.')
  }
  let limit = 100
  if (limitText !== null) {
    limit = /^\d{1,7}$/.test(limitText) ? Number(limitText) : NaN
    if (!(limit >= 1 && limit <= 1000))
      throw invalid(`limit must be a whole number from 1 to 1000, got "${shorten(limitText)}".`)
  }
  let sinceTime: number | null = null
  if (since !== null) {
    sinceTime = parseRfc3339(since)
    if (sinceTime === null) {
      throw invalid(
        `since must be an RFC 3339 date-time with an offset, like 2026-11-25T10:15:30.123Z; got "${shorten(since)}".`,
      )
    }
  }
  if (cursor === '') throw invalid('cursor is empty; pass the next_cursor of the previous page.')
  return { since: sinceTime, cursor, limit }
}

/** Parses the required `from` and `to` dates (inclusive, at most 400 days). */
export function parseDayRange(params: URLSearchParams): DayRange {
  const from = single(params, 'from')
  const to = single(params, 'to')
  if (from === null || to === null)
    throw invalid('from and to are both required, as YYYY-MM-DD UTC dates.')
  const fromDay = parseDate(from)
  const toDay = parseDate(to)
  if (fromDay === null) throw invalid(`from must be a YYYY-MM-DD date, got "${shorten(from)}".`)
  if (toDay === null) throw invalid(`to must be a YYYY-MM-DD date, got "${shorten(to)}".`)
  if (toDay < fromDay) throw invalid('to must not be before from.')
  if (toDay - fromDay + 1 > maxRangeDays)
    throw invalid(
      `The range covers ${toDay - fromDay + 1} days; at most ${maxRangeDays} are allowed.`,
    )
  return { fromDay, toDay }
}

function single(params: URLSearchParams, name: string): string | null {
  const values = params.getAll(name)
  if (values.length > 1)
    throw invalid(`${name} is given ${values.length} times; give it at most once.`)
  return values[0] ?? null
}

function invalid(message: string): ApiError {
  return new ApiError(400, 'invalid_request', message)
}

/** A client value made safe to quote in a message: at most 60 characters, controls replaced. */
export function shorten(text: string): string {
  let visible = ''
  for (const character of text) visible += isControl(character) ? '?' : character
  return visible.length > 60 ? `${visible.slice(0, 57)}...` : visible
}

function isControl(character: string): boolean {
  const code = character.codePointAt(0) ?? 0
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029
}
