// Stats: one row per date of the range, and for every day the pass covers completely the count
// and ids_sha256 (ids sorted by their UTF-8 bytes, each followed by a newline) of what it fetched.
import type { ApiClient } from './http-client'
import { isJsonObject } from './openapi-schemas'
import {
  chunkRange,
  datesBetween,
  eventsByDate,
  firstDate,
  hasNewEvents,
  lastCoveredDate,
  sha256Hex,
  utcDate,
} from './days'
import { Findings, skip, type CheckResult } from './report'
import type { ScanResult, StreamEvent } from './scan'

type StatsRow = { count: unknown; idsSha256: unknown }

/** The ids_sha256 the contract defines for one day's events. */
export function idsSha256(events: StreamEvent[]): string {
  const ids = events
    .map((event) => Buffer.from(event.id, 'utf8'))
    .sort((left, right) => Buffer.compare(left, right))
  return sha256Hex(ids.map((id) => `${id.toString('utf8')}\n`).join(''))
}

/** Fetches stats for a range in windows of at most 400 days; checks one row per date, in order. */
async function fetchStats(
  client: ApiClient,
  scan: ScanResult,
  range: { from: string; to: string },
  findings: Findings,
): Promise<Map<string, StatsRow>> {
  const rows = new Map<string, StatsRow>()
  for (const window of chunkRange(range.from, range.to)) {
    const response = await client.request(`/v1/${scan.stream}/stats`, { query: window })
    const days = isJsonObject(response.body) ? response.body.days : undefined
    if (response.status !== 200 || !Array.isArray(days)) {
      findings.add(`stats ${window.from}..${window.to} answered ${response.status}`)
      continue
    }
    const dates = days.map((row) => (isJsonObject(row) ? row.date : undefined))
    if (dates.join() !== datesBetween(window.from, window.to).join()) {
      findings.add(`stats ${window.from}..${window.to} does not list every date once, in order`)
    }
    for (const row of days) {
      if (isJsonObject(row) && typeof row.date === 'string') {
        rows.set(row.date, { count: row.count, idsSha256: row.ids_sha256 })
      }
    }
  }
  return rows
}

/** Stats rows equal what the pass fetched, for every day it covers completely. */
export async function statsCheck(
  client: ApiClient,
  scan: ScanResult,
  serverTime: number,
): Promise<CheckResult> {
  const name = `${scan.stream}: stats counts and ids_sha256 match the fetched events`
  const from = firstDate(scan)
  if (from === undefined) return skip(name, 'the stream is empty')
  const findings = new Findings()
  const rows = await fetchStats(client, scan, { from, to: utcDate(serverTime) }, findings)
  const to = lastCoveredDate(scan, serverTime, !(await hasNewEvents(client, scan)))
  if (to < from) return skip(name, 'the pass covered no day completely (raise --max-events)')
  const groups = eventsByDate(scan)
  const dates = datesBetween(from, to)
  for (const date of dates) {
    const events = groups.get(date) ?? []
    const row = rows.get(date)
    if (row === undefined) continue
    if (row.count !== events.length) {
      findings.add(`${date}: count ${String(row.count)}, fetched ${events.length}`)
    } else if (row.idsSha256 !== idsSha256(events)) {
      findings.add(`${date}: ids_sha256 differs from the fetched ids`)
    }
  }
  return findings.toResult(name, `${dates.length} days compared (${from}..${to})`)
}
