// Checks a server's signed daily digests against the cache (org-api.md, optional digests): the
// Ed25519 signature over the contract's message, the chain through previous_signature, and the
// count and events_sha256 recomputed from the cached raw JSON. Pure: no I/O.
import { verify, type KeyObject } from 'node:crypto'
import type { StreamName } from '../sync/page-parser'
import { dayText, isSealed, type DayRange } from './days'
import type { ServerDigest } from './server-answers'

/** A day's digest outcome; `isContentDifferent` says a validly signed digest disagrees with the
 * cache's count or hash, which proves the cached day differs from what the server recorded. */
export type DigestOutcome = {
  status: 'valid' | 'invalid' | 'absent'
  detail: string | null
  isContentDifferent: boolean
}

/** Everything one stream's check needs. `window` starts one day before the checked days so the
 * first checked day's chain link can be seen. */
export type DigestCheckInput = {
  stream: StreamName
  window: DayRange
  days: DayRange
  digests: readonly ServerDigest[]
  keys: ReadonlyMap<string, KeyObject>
  serverTime: number
  local: (day: number) => { count: number; eventsSha256: string }
}

const standardBase64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** The exact UTF-8 text a day's signature covers. */
export function signedMessage(stream: StreamName, digest: ServerDigest): string {
  const { count, eventsSha256, previousSignature } = digest
  return `${stream}\n${dayText(digest.day)}\n${count}\n${eventsSha256}\n${previousSignature}`
}

/** Whether `signature` (standard base64 with padding) is a valid Ed25519 signature of the day. */
export function isSignatureValid(
  stream: StreamName,
  digest: ServerDigest,
  key: KeyObject,
): boolean {
  if (!standardBase64.test(digest.signature)) return false
  const bytes = Buffer.from(digest.signature, 'base64')
  if (bytes.length !== 64) return false
  try {
    return verify(null, Buffer.from(signedMessage(stream, digest), 'utf8'), key, bytes)
  } catch {
    return false
  }
}

/** The digest outcome of every day in `input.days`. */
export function checkDigests(input: DigestCheckInput): Map<number, DigestOutcome> {
  const byDay = new Map<number, ServerDigest>()
  for (const digest of input.digests) if (!byDay.has(digest.day)) byDay.set(digest.day, digest)
  const firstListed = Math.min(...byDay.keys())
  const outcomes = new Map<number, DigestOutcome>()
  for (let day = input.days.fromDay; day <= input.days.toDay; day += 1) {
    const digest = byDay.get(day)
    outcomes.set(
      day,
      digest === undefined
        ? unlisted(day, firstListed, input.serverTime)
        : checkDay(input, digest, byDay, firstListed),
    )
  }
  return outcomes
}

function unlisted(day: number, firstListed: number, serverTime: number): DigestOutcome {
  if (!isSealed(day, serverTime))
    return { status: 'absent', detail: 'not sealed yet', isContentDifferent: false }
  // A signing server signs every sealed day from its first one on: a hole is a fault.
  if (day > firstListed)
    return { status: 'invalid', detail: 'digest missing', isContentDifferent: false }
  return { status: 'absent', detail: 'not signed by the server', isContentDifferent: false }
}

function checkDay(
  input: DigestCheckInput,
  digest: ServerDigest,
  byDay: ReadonlyMap<number, ServerDigest>,
  firstListed: number,
): DigestOutcome {
  const problems: string[] = []
  const key = input.keys.get(digest.keyId)
  const isSigned = key !== undefined && isSignatureValid(input.stream, digest, key)
  if (key === undefined) problems.push(`unknown key id ${JSON.stringify(digest.keyId)}`)
  else if (!isSigned) problems.push('bad signature')
  if (!isChainLinkValid(digest, byDay, input.window, firstListed)) problems.push('broken chain')
  const local = input.local(digest.day)
  const isCountDifferent = local.count !== digest.count
  if (isCountDifferent)
    problems.push(`count differs (cache ${local.count}, signed ${digest.count})`)
  const isHashDifferent = local.eventsSha256 !== digest.eventsSha256
  if (isHashDifferent) problems.push('hash differs')
  return {
    status: problems.length === 0 ? 'valid' : 'invalid',
    detail: problems.length === 0 ? null : problems.join('; '),
    isContentDifferent: isSigned && (isCountDifferent || isHashDifferent),
  }
}

/** previous_signature must be the previous calendar day's signature; a day whose predecessor the
 * server did not list (though asked) must be its first signed day: empty and nothing listed
 * before it. A predecessor outside the fetched window cannot be checked here. */
function isChainLinkValid(
  digest: ServerDigest,
  byDay: ReadonlyMap<number, ServerDigest>,
  window: DayRange,
  firstListed: number,
): boolean {
  const previous = byDay.get(digest.day - 1)
  if (previous !== undefined) return digest.previousSignature === previous.signature
  if (digest.day - 1 < window.fromDay) return true
  return digest.previousSignature === '' && digest.day === firstListed
}
