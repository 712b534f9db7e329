// Verifies a connection's cache against its server, day by day (issue 4, item 4): the server's
// stats prove each UTC day's count and ids, its signed digests (where it signs) prove the events'
// content; every outcome is upserted into day_verifications.
import type Database from 'better-sqlite3'
import type { KeyObject } from 'node:crypto'
import { normaliseBaseUrl } from '../sync/base-url'
import { createOrgApiClient } from '../sync/org-api-client'
import type { StreamName } from '../sync/page-parser'
import type { RetryLimits } from '../sync/retry-policy'
import { dayOf, dayText, parseDayText, type DayRange } from './days'
import { judgeDays, summarise, type JudgeInput } from './judge-days'
import {
  readDigests,
  readRetentionBound,
  readSigningKeys,
  readStats,
  type ReaderContext,
} from './server-reader'
import { createVerifyStore, type VerifyStore } from './verify-store'
import type {
  DayVerification,
  StreamVerification,
  VerifyError,
  VerifyRequest,
  VerifyResult,
} from './verify-types'

/** What a host provides to verify: the cache, fetch, and injectable time and randomness. */
export type VerifyDeps = {
  db: Database.Database
  fetch: typeof fetch
  clock: () => number
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  random: () => number
  retryLimits?: RetryLimits
}

/** The widest range one request may verify (about ten years). */
export const maxVerifyDays = 3660

type StreamJob = {
  deps: VerifyDeps
  store: VerifyStore
  context: ReaderContext
  connectionId: string
  keys: ReadonlyMap<string, KeyObject> | null
}

/** Verifies the requested streams of a connection and stores each day's outcome. Connection and
 * range problems fail the whole request; a server problem fails only the stream it hit. */
export async function verifyConnection(
  deps: VerifyDeps,
  request: VerifyRequest,
): Promise<VerifyResult> {
  const store = createVerifyStore(deps.db)
  const checked = checkRequest(store, request)
  if (!checked.ok) return checked
  const context: ReaderContext = {
    client: createOrgApiClient(checked.baseUrl, request.apiKey, deps.fetch),
    sleep: deps.sleep,
    random: deps.random,
    ...(deps.retryLimits === undefined ? {} : { retryLimits: deps.retryLimits }),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  }
  const keys = await readSigningKeys(context)
  if (!keys.ok) return keys
  const job: StreamJob = {
    deps,
    store,
    context,
    connectionId: request.connectionId,
    keys: keys.value,
  }
  const streams: StreamVerification[] = []
  for (const stream of new Set(request.streams)) {
    const range = rangeOf(job, stream, checked.fromDay, checked.toDay)
    streams.push(
      range === undefined ? emptyStream(stream, job) : await verifyStream(job, stream, range),
    )
  }
  return { ok: true, connectionId: request.connectionId, streams }
}

/** A stream with nothing cached and no range asked for: nothing to verify. */
function emptyStream(stream: StreamName, job: StreamJob): StreamVerification {
  const isSigned = job.keys !== null
  return { stream, ok: true, from: null, to: null, isSigned, days: [], summary: summarise([]) }
}

type CheckedRequest =
  | { ok: true; baseUrl: string; fromDay: number | undefined; toDay: number | undefined }
  | { ok: false; error: VerifyError }

function checkRequest(store: VerifyStore, request: VerifyRequest): CheckedRequest {
  const invalid = (message: string): CheckedRequest => ({
    ok: false,
    error: { code: 'invalid_range', message },
  })
  const fromDay = request.from === undefined ? undefined : parseDayText(request.from)
  const toDay = request.to === undefined ? undefined : parseDayText(request.to)
  if (request.from !== undefined && fromDay === undefined)
    return invalid('from must be a YYYY-MM-DD date.')
  if (request.to !== undefined && toDay === undefined)
    return invalid('to must be a YYYY-MM-DD date.')
  if (fromDay !== undefined && toDay !== undefined && toDay < fromDay)
    return invalid('to must not be before from.')
  const stored = store.connectionBaseUrl(request.connectionId)
  if (stored === undefined) {
    return {
      ok: false,
      error: { code: 'unknown_connection', message: 'There is no such connection in this cache.' },
    }
  }
  const baseUrl = normaliseBaseUrl(request.baseUrl)
  if (baseUrl !== stored) {
    return {
      ok: false,
      error: {
        code: 'organization_mismatch',
        message: `This connection was synced from ${stored}, not ${baseUrl}; verify it against the server it came from.`,
      },
    }
  }
  return { ok: true, baseUrl, fromDay, toDay }
}

/** The days to verify: the request's, else from the oldest cached event to today; capped. */
function rangeOf(
  job: StreamJob,
  stream: StreamName,
  fromDay: number | undefined,
  toDay: number | undefined,
): DayRange | undefined {
  const today = dayOf(job.deps.clock())
  const from = fromDay ?? job.store.oldestDay(job.connectionId, stream)
  if (from === undefined) return undefined
  const to = toDay ?? Math.max(today, from)
  return { fromDay: Math.max(from, to - maxVerifyDays + 1), toDay: to }
}

async function verifyStream(
  job: StreamJob,
  stream: StreamName,
  range: DayRange,
): Promise<StreamVerification> {
  const stats = await readStats(job.context, stream, range)
  if (!stats.ok) return { stream, ok: false, error: stats.error }
  // Read after the stats: a bound that moved on in between only makes the result more careful.
  const bound = await readRetentionBound(job.context, stream)
  if (!bound.ok) return { stream, ok: false, error: bound.error }
  const window = { fromDay: range.fromDay - 1, toDay: range.toDay }
  const signed = job.keys === null ? null : await readDigests(job.context, stream, window)
  if (signed !== null && !signed.ok) return { stream, ok: false, error: signed.error }
  const signedDays =
    signed?.value == null || job.keys === null ? null : { ...signed.value, keys: job.keys, window }
  const days = judgeAndSave(job, stream, range, {
    stats: stats.value,
    droppedBefore: bound.value,
    signed: signedDays,
  })
  return {
    stream,
    ok: true,
    from: dayText(range.fromDay),
    to: dayText(range.toDay),
    isSigned: signedDays !== null,
    days,
    summary: summarise(days),
  }
}

/** Judges the days on one snapshot of the cache, then upserts them in one transaction. */
function judgeAndSave(
  job: StreamJob,
  stream: StreamName,
  range: DayRange,
  server: Pick<JudgeInput, 'stats' | 'droppedBefore' | 'signed'>,
): DayVerification[] {
  const { store, connectionId } = job
  const days = store.snapshot(() => judgeDays({ store, connectionId, stream, range, ...server }))
  const checkedAt = job.deps.clock()
  const signed = server.signed
  const signatures =
    signed === null
      ? null
      : { connectionId, stream, fetchedAt: checkedAt, digests: signed.digests, keys: signed.keys }
  store.saveDays(
    days.map((day) => ({ ...day, connectionId, stream, checkedAt })),
    signatures,
  )
  return days
}
