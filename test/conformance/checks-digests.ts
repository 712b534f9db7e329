// Optional signed digests: every sealed day listed, each signature verifies with a published
// Ed25519 key, the days chain through previous_signature, and events_sha256 equals the hash of
// the JCS of the events fetched for every day the pass holds completely.
import { createPublicKey, verify, type KeyObject } from 'node:crypto'
import type { ApiClient } from './http-client'
import { isJsonObject, type JsonObject } from './openapi-schemas'
import {
  addDays,
  dayMilliseconds,
  eventsByDate,
  firstDate,
  firstHeldDate,
  hasNewEvents,
  lastCoveredDate,
  sha256Hex,
  utcDate,
} from './days'
import { Findings, fail, skip, type CheckResult } from './report'
import type { ScanResult } from './scan'

/** The published keys by key_id, `null` when the server does not sign (404), or a problem. */
export type SigningKeys = Map<string, KeyObject> | null | string

/** Reads GET /v1/signing-keys. */
export async function loadSigningKeys(client: ApiClient): Promise<SigningKeys> {
  const response = await client.request('/v1/signing-keys')
  if (response.status === 404) return null
  const keys = isJsonObject(response.body) ? response.body.keys : undefined
  if (response.status !== 200 || !Array.isArray(keys)) {
    return `signing-keys answered ${response.status}`
  }
  const byId = new Map<string, KeyObject>()
  for (const key of keys) {
    if (
      !isJsonObject(key) ||
      typeof key.key_id !== 'string' ||
      typeof key.public_key_pem !== 'string'
    ) {
      return 'a signing key lacks key_id or public_key_pem'
    }
    try {
      const publicKey = createPublicKey(key.public_key_pem)
      if (publicKey.asymmetricKeyType !== 'ed25519') return `key ${key.key_id} is not Ed25519`
      byId.set(key.key_id, publicKey)
    } catch {
      return `key ${key.key_id} is not a PEM public key`
    }
  }
  return byId
}

/** The text a digest's signature covers. */
export const signedText = (day: JsonObject): string =>
  [day.stream, day.date, day.count, day.events_sha256, day.previous_signature]
    .map((part) => (typeof part === 'string' || typeof part === 'number' ? String(part) : ''))
    .join('\n')

/** Verifies one day's signature with the key it names. */
function verifyDay(day: JsonObject, keys: Map<string, KeyObject>, findings: Findings): void {
  const key = typeof day.key_id === 'string' ? keys.get(day.key_id) : undefined
  if (key === undefined || typeof day.signature !== 'string') {
    findings.add(`${String(day.date)}: no published key ${String(day.key_id)} or no signature`)
    return
  }
  const signature = Buffer.from(day.signature, 'base64')
  if (!verify(null, Buffer.from(signedText(day), 'utf8'), key, signature)) {
    findings.add(`${String(day.date)}: the signature does not verify`)
  }
}

/** Checks order, chaining and signatures of the listed days, and that no sealed day is missing. */
function verifyChain(
  stream: string,
  days: JsonObject[],
  range: { from: string; firstExpected: string; lastSealed: string },
  keys: Map<string, KeyObject>,
  findings: Findings,
): void {
  days.forEach((day, index) => {
    const previous = days[index - 1]
    const date = typeof day.date === 'string' ? day.date : '(no date)'
    if (day.stream !== stream) findings.add(`${date}: stream is ${String(day.stream)}`)
    if (date > range.lastSealed) findings.add(`${date} is listed but not sealed`)
    if (previous === undefined) {
      if (day.previous_signature !== '' && date !== range.from) {
        findings.add(`${date} chains to a previous day that is not listed`)
      }
    } else if (typeof previous.date !== 'string' || date !== addDays(previous.date, 1)) {
      findings.add(`${String(previous.date)} is followed by ${date}`)
    } else if (day.previous_signature !== previous.signature) {
      findings.add(`${date}: previous_signature is not the signature of the day before`)
    }
    verifyDay(day, keys, findings)
  })
  const first = days[0]?.date
  const last = days.at(-1)?.date
  if (range.firstExpected <= range.lastSealed) {
    if (typeof first !== 'string' || first > range.firstExpected) {
      findings.add(`sealed day ${range.firstExpected} (which has events) is not listed`)
    }
    if (last !== range.lastSealed) {
      findings.add(`the last sealed day ${range.lastSealed} is not listed`)
    }
  }
}

/** Compares count and events_sha256 with the fetched events for days the pass holds completely. */
async function compareEvents(
  client: ApiClient,
  scan: ScanResult,
  days: JsonObject[],
  serverTime: number,
  findings: Findings,
): Promise<number> {
  const from = firstHeldDate(scan)
  const to = lastCoveredDate(scan, serverTime, !(await hasNewEvents(client, scan)))
  const groups = eventsByDate(scan)
  let compared = 0
  for (const day of days) {
    if (from === undefined || typeof day.date !== 'string' || day.date < from || day.date > to) {
      continue
    }
    const events = groups.get(day.date) ?? []
    const hash = sha256Hex(events.map((event) => `${event.canonical}\n`).join(''))
    if (day.count !== events.length) {
      findings.add(`${day.date}: count ${String(day.count)}, fetched ${events.length}`)
    } else if (day.events_sha256 !== hash) findings.add(`${day.date}: events_sha256 differs`)
    compared += 1
  }
  return compared
}

/** The digests check of one stream; skipped when the server does not sign. */
export async function digestsCheck(
  client: ApiClient,
  scan: ScanResult,
  keys: SigningKeys,
  serverTime: number,
): Promise<CheckResult> {
  const name = `${scan.stream}: digests verify, chain and match the fetched events`
  const today = utcDate(serverTime)
  const query = { from: addDays(today, -399), to: today }
  const response = await client.request(`/v1/${scan.stream}/digests`, { query })
  if (typeof keys === 'string') return fail(name, keys)
  if (keys === null && response.status === 404) return skip(name, 'the server does not sign (404)')
  if (keys === null) {
    return fail(name, `signing-keys is 404 but digests answered ${response.status}`)
  }
  const body = response.body
  if (response.status !== 200 || !isJsonObject(body) || !Array.isArray(body.days)) {
    return fail(name, `digests answered ${response.status} although signing-keys lists keys`)
  }
  const digestTime =
    typeof body.server_time === 'string' ? Date.parse(body.server_time) : serverTime
  const days = body.days.filter(isJsonObject)
  const findings = new Findings()
  const firstEvent = firstDate(scan) ?? today
  const range = {
    from: query.from,
    firstExpected: firstEvent > query.from ? firstEvent : query.from,
    lastSealed: utcDate(digestTime - 2 * dayMilliseconds),
  }
  verifyChain(scan.stream, days, range, keys, findings)
  const compared = await compareEvents(client, scan, days, serverTime, findings)
  return findings.toResult(name, `${days.length} sealed days verified, ${compared} against events`)
}
