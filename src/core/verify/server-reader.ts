// Fetches what verification needs from the organization API, with the sync engine's retry policy
// (waits on 429/5xx/network faults, stops with a message otherwise). Stats come in chunks of at
// most 400 days; a 404 on the optional signing endpoints means the server does not sign.
import type { KeyObject } from 'node:crypto'
import type { OrgApiClient } from '../sync/org-api-client'
import type { StreamName } from '../sync/page-parser'
import { decide, defaultRetryLimits, type RetryLimits } from '../sync/retry-policy'
import { chunkDays, dayText, type DayRange } from './days'
import {
  parseDigests,
  parseRetentionBound,
  parseSigningKeys,
  parseStats,
  type ServerDayStats,
  type ServerDigest,
} from './server-answers'
import type { VerifyError } from './verify-types'

/** What the reader needs: the client and the host's time, sleep and randomness. */
export type ReaderContext = {
  client: OrgApiClient
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  random: () => number
  retryLimits?: RetryLimits
  signal?: AbortSignal
}

type Read<T> = { ok: true; value: T } | { ok: false; error: VerifyError }

async function getBody(
  context: ReaderContext,
  path: string,
): Promise<Read<Uint8Array> | { ok: 'absent' }> {
  const limits = context.retryLimits ?? defaultRetryLimits
  for (let attempt = 1; ; attempt += 1) {
    const response = await context.client.get(path, context.signal)
    if (response.ok) return { ok: true, value: response.body }
    const { failure } = response
    if (failure.kind === 'http' && failure.status === 404) return { ok: 'absent' }
    const decision = decide(failure, attempt, limits, context.random)
    if (decision.action === 'retry') {
      await context.sleep(decision.delayMs, context.signal)
      continue
    }
    if (decision.action === 'restart') {
      return fail('invalid_request', `The server answered 410 to ${path.split('?')[0] ?? path}.`)
    }
    return fail(decision.code, decision.message)
  }
}

function fail(code: VerifyError['code'], message: string): { ok: false; error: VerifyError } {
  return { ok: false, error: { code, message } }
}

function malformed(what: string): { ok: false; error: VerifyError } {
  return fail('malformed_answer', `The server's ${what} answer does not follow the contract.`)
}

const rangeQuery = (range: DayRange): string =>
  `from=${dayText(range.fromDay)}&to=${dayText(range.toDay)}`

/** The server's count and ids hash per day of the range (days it left out are missing). */
export async function readStats(
  context: ReaderContext,
  stream: StreamName,
  range: DayRange,
): Promise<Read<Map<number, ServerDayStats>>> {
  const all = new Map<number, ServerDayStats>()
  for (const chunk of chunkDays(range)) {
    const body = await getBody(context, `/v1/${stream}/stats?${rangeQuery(chunk)}`)
    if (body.ok === 'absent') return fail('not_found', `The server has no /v1/${stream}/stats.`)
    if (!body.ok) return body
    const days = parseStats(body.value)
    if (days === undefined) return malformed('stats')
    for (const [day, stats] of days)
      if (day >= chunk.fromDay && day <= chunk.toDay) all.set(day, stats)
  }
  return { ok: true, value: all }
}

/** The instant before which the server may have dropped events (null: it dropped nothing). */
export async function readRetentionBound(
  context: ReaderContext,
  stream: StreamName,
): Promise<Read<number | null>> {
  const body = await getBody(context, `/v1/${stream}?limit=1`)
  if (body.ok === 'absent') return fail('not_found', `The server has no /v1/${stream}.`)
  if (!body.ok) return body
  const bound = parseRetentionBound(body.value)
  return bound === undefined ? malformed('first page') : { ok: true, value: bound.droppedBefore }
}

/** The server's signing keys by id, or null when it does not sign (404). */
export async function readSigningKeys(
  context: ReaderContext,
): Promise<Read<Map<string, KeyObject> | null>> {
  const body = await getBody(context, '/v1/signing-keys')
  if (body.ok === 'absent') return { ok: true, value: null }
  if (!body.ok) return body
  const keys = parseSigningKeys(body.value)
  return keys === undefined ? malformed('signing-keys') : { ok: true, value: keys }
}

/** The signed days of the range and the server's time, or null when it does not sign (404). */
export async function readDigests(
  context: ReaderContext,
  stream: StreamName,
  range: DayRange,
): Promise<Read<{ serverTime: number; digests: ServerDigest[] } | null>> {
  const digests: ServerDigest[] = []
  let serverTime = 0
  for (const chunk of chunkDays(range)) {
    const body = await getBody(context, `/v1/${stream}/digests?${rangeQuery(chunk)}`)
    if (body.ok === 'absent') return { ok: true, value: null }
    if (!body.ok) return body
    const parsed = parseDigests(body.value)
    if (parsed === undefined) return malformed('digests')
    serverTime = parsed.serverTime
    digests.push(...parsed.digests.filter((d) => d.day >= chunk.fromDay && d.day <= chunk.toDay))
  }
  return { ok: true, value: { serverTime, digests } }
}
