// Checks that need the server's cooperation: an expired cursor (410) and events recorded after a
// client caught up. Both are opt-in because a server cannot be made to do either from outside.
import type { ApiClient } from './http-client'
import { isJsonObject } from './openapi-schemas'
import { Findings, fail, pass, skip, type CheckResult } from './report'
import { readEvent, type ScanResult } from './scan'

const expiryCheckName =
  'audit-events: an expired cursor answers 410 cursor_expired with oldest_available_at, and since recovers'

/** How many pages the expiry check follows before it gives up waiting for the 410. */
export const maxExpiryPages = 200

/** Judges a 410: its code and oldest_available_at, then restarts with since as a client would. */
async function judgeExpiry(client: ApiClient, body: unknown, page: number): Promise<CheckResult> {
  const error = isJsonObject(body) ? body.error : undefined
  const oldest = isJsonObject(error) ? error.oldest_available_at : undefined
  if (!isJsonObject(error) || error.code !== 'cursor_expired' || typeof oldest !== 'string') {
    return fail(
      expiryCheckName,
      `page ${page}: a 410 without cursor_expired and oldest_available_at`,
    )
  }
  const restart = await client.request('/v1/audit-events', { query: { since: oldest, limit: '5' } })
  const first = isJsonObject(restart.body) ? restart.body.data : undefined
  if (restart.status !== 200 || !Array.isArray(first)) {
    return fail(expiryCheckName, `restarting with since=${oldest} answered ${restart.status}`)
  }
  const event = readEvent(first[0])
  if (typeof event !== 'string' && event.recordedAt < Date.parse(oldest)) {
    return fail(expiryCheckName, `since=${oldest} began with an event recorded before it`)
  }
  return pass(expiryCheckName, `410 on page ${page}; since=${oldest} restarted the stream`)
}

/**
 * Pages through audit-events, 10 at a time, until the server expires the cursor. Only runs when
 * asked: the demo server expires one with the fault `expire-cursor-at=N`.
 */
export async function cursorExpiryCheck(
  client: ApiClient,
  isExpected: boolean,
): Promise<CheckResult> {
  if (!isExpected) {
    return skip(
      expiryCheckName,
      'opt-in: pass --expect-cursor-expiry to a server that expires a cursor; the demo server does with the fault expire-cursor-at=N',
    )
  }
  let cursor: string | undefined
  for (let page = 1; page <= maxExpiryPages; page += 1) {
    const query: Record<string, string> = { limit: '10' }
    if (cursor !== undefined) query.cursor = cursor
    const response = await client.request('/v1/audit-events', { query })
    if (response.status === 410) return judgeExpiry(client, response.body, page)
    const body = response.body
    if (response.status !== 200 || !isJsonObject(body) || typeof body.next_cursor !== 'string') {
      return fail(expiryCheckName, `page ${page} answered ${response.status} before any 410`)
    }
    if (body.has_more !== true) {
      return fail(expiryCheckName, `caught up after ${page} pages, no 410`)
    }
    cursor = body.next_cursor
  }
  return fail(expiryCheckName, `no 410 within ${maxExpiryPages} pages`)
}

/** Follows a caught-up cursor to the end; new events must continue the seq of the pass. */
async function followToEnd(
  client: ApiClient,
  scan: ScanResult,
  findings: Findings,
): Promise<number> {
  const known = new Set(scan.events.map((event) => event.id))
  let lastSeq = scan.events.at(-1)?.seq ?? 0
  let cursor = scan.lastCursor
  let fresh = 0
  for (let page = 1; cursor !== undefined && page <= 1000; page += 1) {
    const response = await client.request(`/v1/${scan.stream}`, { query: { cursor } })
    const body = response.body
    if (response.status !== 200 || !isJsonObject(body) || !Array.isArray(body.data)) {
      findings.add(`${scan.stream}: following the caught-up cursor answered ${response.status}`)
      return fresh
    }
    for (const item of body.data) {
      const event = readEvent(item)
      if (typeof event === 'string' || known.has(event.id)) continue
      if (event.seq !== lastSeq + 1) {
        findings.add(`${scan.stream}: seq ${lastSeq} then ${event.seq}`)
      }
      known.add(event.id)
      lastSeq = event.seq
      fresh += 1
    }
    cursor = typeof body.next_cursor === 'string' ? body.next_cursor : undefined
    if (body.has_more !== true) break
  }
  return fresh
}

/** After `appendEvents`, the caught-up cursors deliver the new events, seq continuing. */
export async function liveAppendCheck(
  client: ApiClient,
  scans: ScanResult[],
  appendEvents: (() => Promise<void> | void) | undefined,
): Promise<CheckResult> {
  const name = 'a caught-up cursor later delivers the events recorded since, seq continuing'
  if (appendEvents === undefined) return skip(name, 'needs a server the suite can add events to')
  const caughtUp = scans.filter((scan) => scan.isCaughtUp && scan.lastCursor !== undefined)
  if (caughtUp.length === 0) return skip(name, 'no pass caught up within --max-events')
  await appendEvents()
  const findings = new Findings()
  let fresh = 0
  for (const scan of caughtUp) fresh += await followToEnd(client, scan, findings)
  if (fresh === 0) findings.add('no new event arrived through the caught-up cursors')
  return findings.toResult(name, `${fresh} new events arrived, seq continuing`)
}
