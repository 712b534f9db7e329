// `since` picks the first event recorded at or after an instant (any offset, any number of
// fraction digits), and a caught-up or empty page's next_cursor stays usable.
import type { ApiClient } from './http-client'
import { isJsonObject } from './openapi-schemas'
import { Findings, skip, type CheckResult } from './report'
import { readEvent, type ScanResult, type StreamEvent } from './scan'

const day = 86_400_000

/** An instant written with a `+02:00` offset and six fraction digits. */
function withOffset(instant: number): string {
  return new Date(instant + 2 * 3_600_000).toISOString().replace('Z', '000+02:00')
}

/** The `since` spellings to try, each with the instant it means (sub-millisecond ones included). */
function sinceCases(instant: number): { text: string; meaning: number }[] {
  const whole = Math.floor(instant / 1000) * 1000
  return [
    { text: new Date(instant).toISOString(), meaning: instant },
    { text: withOffset(instant), meaning: instant },
    { text: new Date(instant - 1).toISOString().replace('Z', '5Z'), meaning: instant - 0.5 },
    { text: new Date(whole).toISOString().replace('.000Z', 'Z'), meaning: whole },
    { text: '1970-01-01T00:00:00Z', meaning: 0 },
  ]
}

/** Asks for `since` and compares the page with what the reference pass says must come first. */
async function trySince(
  client: ApiClient,
  scan: ScanResult,
  since: { text: string; meaning: number },
  findings: Findings,
): Promise<void> {
  const response = await client.request(`/v1/${scan.stream}`, {
    query: { since: since.text, limit: '3' },
  })
  const data = isJsonObject(response.body) ? response.body.data : undefined
  if (response.status !== 200 || !Array.isArray(data)) {
    findings.add(`since=${since.text} answered ${response.status}`)
    return
  }
  const start = scan.events.findIndex((event) => event.recordedAt >= since.meaning)
  const expected = scan.events.slice(start, start + 3).map((event) => event.id)
  const got = data.map((item) => {
    const event = readEvent(item)
    return typeof event === 'string' ? event : event.id
  })
  if (got.slice(0, expected.length).join() !== expected.join()) {
    findings.add(`since=${since.text} gave [${got.join(', ')}], expected [${expected.join(', ')}]`)
  }
}

/** since selects the first event recorded at or after the instant; a future since is empty. */
export async function sinceCheck(
  client: ApiClient,
  scan: ScanResult,
  serverTime: number,
): Promise<CheckResult> {
  const name = `${scan.stream}: since starts at the first event recorded at or after it`
  const middle = scan.events[Math.floor(scan.events.length / 2)]
  if (middle === undefined) return skip(name, 'the stream is empty')
  const findings = new Findings()
  const cases = sinceCases(middle.recordedAt)
  for (const since of cases) await trySince(client, scan, since, findings)
  const future = new Date(serverTime + day).toISOString()
  const response = await client.request(`/v1/${scan.stream}`, { query: { since: future } })
  const body = response.body
  if (!isJsonObject(body) || !Array.isArray(body.data) || body.data.length > 0) {
    findings.add(`since=${future} (after every event) did not answer an empty page`)
  } else if (body.has_more !== false) findings.add(`since=${future} said has_more: true`)
  return findings.toResult(name, `${cases.length + 1} instants, offsets and fractions included`)
}

/** Judges one event a followed cursor brought; returns the new position. */
function judgeFollowed(
  event: StreamEvent,
  known: Map<string, string>,
  position: number | undefined,
  findings: Findings,
): number | undefined {
  const earlier = known.get(event.id)
  if (earlier !== undefined) {
    if (earlier !== event.canonical) findings.add(`id ${event.id} came again, changed`)
    return position
  }
  known.set(event.id, event.canonical)
  if (position === undefined) return undefined
  if (event.seq <= position) findings.add(`unknown id ${event.id} re-delivered as seq ${event.seq}`)
  else if (event.seq !== position + 1) findings.add(`seq ${position} followed by ${event.seq}`)
  return event.seq
}

/**
 * Follows a cursor twice. Re-delivered events must be unchanged; when the cursor's position is
 * known (the last seq of a caught-up pass), new events must continue from it.
 */
async function followTwice(
  client: ApiClient,
  scan: ScanResult,
  start: { cursor: string; position: number | undefined; label: string },
  findings: Findings,
): Promise<void> {
  const known = new Map(scan.events.map((event) => [event.id, event.canonical]))
  let next: unknown = start.cursor
  let position = start.position
  for (let round = 1; round <= 2 && typeof next === 'string'; round += 1) {
    const response = await client.request(`/v1/${scan.stream}`, { query: { cursor: next } })
    const body = response.body
    if (response.status !== 200 || !isJsonObject(body) || !Array.isArray(body.data)) {
      findings.add(`following ${start.label} cursor (round ${round}) answered ${response.status}`)
      return
    }
    for (const item of body.data) {
      const event = readEvent(item)
      if (typeof event !== 'string') position = judgeFollowed(event, known, position, findings)
    }
    next = body.next_cursor
    if (typeof next !== 'string') {
      findings.add(`round ${round} of ${start.label} cursor lost next_cursor`)
    }
  }
}

/** The cursor of a caught-up page and of an empty page both work again later. */
export async function emptyPageCursorCheck(
  client: ApiClient,
  scan: ScanResult,
  serverTime: number,
): Promise<CheckResult> {
  const name = `${scan.stream}: a caught-up or empty page keeps next_cursor usable`
  const findings = new Findings()
  const future = new Date(serverTime + day).toISOString()
  const empty = await client.request(`/v1/${scan.stream}`, { query: { since: future } })
  const emptyCursor = isJsonObject(empty.body) ? empty.body.next_cursor : undefined
  if (typeof emptyCursor === 'string') {
    const start = { cursor: emptyCursor, position: undefined, label: 'an empty page' }
    await followTwice(client, scan, start, findings)
  } else findings.add('an empty page (since after every event) has no next_cursor')
  if (!scan.isCaughtUp) {
    return findings.toResult(
      name,
      'followed an empty page cursor twice (not caught up: --max-events)',
    )
  }
  if (scan.lastCursor === undefined) findings.add('the caught-up page had no next_cursor')
  else {
    const position = scan.events.at(-1)?.seq
    await followTwice(
      client,
      scan,
      { cursor: scan.lastCursor, position, label: 'a caught-up' },
      findings,
    )
  }
  return findings.toResult(
    name,
    'followed the caught-up cursor and an empty page cursor twice each',
  )
}
