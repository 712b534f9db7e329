// Decides each day's status from the server's answers and the cache's own figures: verified when
// count and ids hash agree, mismatched when they differ (or a validly signed digest proves the
// cached content differs), unverified when the server no longer has the whole day.
import type { KeyObject } from 'node:crypto'
import type { StreamName } from '../sync/page-parser'
import { checkDigests, type DigestOutcome } from './digest-check'
import { dayMs, dayText, type DayRange } from './days'
import type { DayEventHashes } from './hashes'
import { summariseEvents, summariseIds, type LocalDayIds } from './local-days'
import type { ServerDayStats, ServerDigest } from './server-answers'
import type { VerifyStore } from './verify-store'
import type { DayVerification, VerifySummary } from './verify-types'

/** The signed side of a stream, when the server signs. */
export type SignedDays = {
  serverTime: number
  digests: ServerDigest[]
  keys: ReadonlyMap<string, KeyObject>
  window: DayRange
}

/** What judging one stream's range needs. */
export type JudgeInput = {
  store: VerifyStore
  connectionId: string
  stream: StreamName
  range: DayRange
  stats: ReadonlyMap<number, ServerDayStats>
  /** The server may have dropped events recorded before this instant (null: it dropped none). */
  droppedBefore: number | null
  signed: SignedDays | null
}

const notSigning: DigestOutcome = {
  status: 'absent',
  detail: 'the server does not sign',
  isContentDifferent: false,
}

/** Every day of the range, judged. Reads the cache: call inside one read snapshot. */
export function judgeDays(input: JudgeInput): DayVerification[] {
  const { store, connectionId, stream, range } = input
  const local = summariseIds(store.dayIds(connectionId, stream, range.fromDay, range.toDay), range)
  const digests = input.signed === null ? undefined : checkSigned(input, input.signed)
  const days: DayVerification[] = []
  for (let day = range.fromDay; day <= range.toDay; day += 1) {
    const mine = local.get(day) ?? { count: 0, idsSha256: '' }
    const digest = digests?.get(day) ?? notSigning
    days.push(judgeDay(day, mine, input.stats.get(day), isComplete(day, input), digest))
  }
  return days
}

// A day is whole on the server when every event of it was recorded after the retention bound:
// events are recorded at or after they occur, so a day starting after the bound is untouched.
function isComplete(day: number, input: JudgeInput): boolean {
  return input.droppedBefore === null || day * dayMs > input.droppedBefore
}

function checkSigned(input: JudgeInput, signed: SignedDays): Map<number, DigestOutcome> {
  const local = localEventHashes(input, signed.digests)
  return checkDigests({
    stream: input.stream,
    window: signed.window,
    days: input.range,
    digests: signed.digests,
    keys: signed.keys,
    serverTime: signed.serverTime,
    local,
  })
}

type LocalEvents = (day: number) => { count: number; eventsSha256: string }

/**
 * The cache's events_sha256 of the signed days. First the stored raw text is hashed as is: equal
 * to the signed hash, it is the very bytes the server hashed. Only the days where it differs are
 * hashed again as canonical JSON (parsing a million events costs seconds).
 */
function localEventHashes(input: JudgeInput, digests: readonly ServerDigest[]): LocalEvents {
  const signed = digests.filter((digest) => digest.day >= input.range.fromDay)
  const raw = hashEvents(input, new Set(signed.map((digest) => digest.day)), false)
  const suspect = new Set(
    signed
      .filter((digest) => raw?.result(digest.day).eventsSha256 !== digest.eventsSha256)
      .map((digest) => digest.day),
  )
  const canonical = hashEvents(input, suspect, true)
  return (day) => (suspect.has(day) ? canonical?.result(day) : raw?.result(day)) ?? noEvents
}

const noEvents = { count: 0, eventsSha256: '' }

function hashEvents(
  input: JudgeInput,
  days: ReadonlySet<number>,
  isCanonicalising: boolean,
): DayEventHashes | undefined {
  if (days.size === 0) return undefined
  const range: DayRange = { fromDay: Math.min(...days), toDay: Math.max(...days) }
  const rows = input.store.eventsBySeq(
    input.connectionId,
    input.stream,
    range.fromDay * dayMs,
    (range.toDay + 1) * dayMs,
  )
  return summariseEvents(rows, range, { isCanonicalising, onlyDays: days })
}

function judgeDay(
  day: number,
  local: LocalDayIds,
  server: ServerDayStats | undefined,
  isServerComplete: boolean,
  digest: DigestOutcome,
): DayVerification {
  const isStatsKnown = server !== undefined && isServerComplete
  const isStatsEqual = server?.count === local.count && server.idsSha256 === local.idsSha256
  let status: DayVerification['status'] = 'unverified'
  if (digest.isContentDifferent || (isStatsKnown && !isStatsEqual)) status = 'mismatched'
  else if (isStatsKnown) status = 'verified'
  return {
    day: dayText(day),
    status,
    localCount: local.count,
    serverCount: server?.count ?? null,
    localIdsSha256: local.idsSha256,
    serverIdsSha256: server?.idsSha256 ?? null,
    digestStatus: digest.status,
    digestDetail: digest.detail,
  }
}

/** Counts the days of each status and digest status. */
export function summarise(days: readonly DayVerification[]): VerifySummary {
  const summary: VerifySummary = {
    verified: 0,
    mismatched: 0,
    unverified: 0,
    digestValid: 0,
    digestInvalid: 0,
    digestAbsent: 0,
  }
  for (const day of days) {
    summary[day.status] += 1
    if (day.digestStatus === 'valid') summary.digestValid += 1
    else if (day.digestStatus === 'invalid') summary.digestInvalid += 1
    else summary.digestAbsent += 1
  }
  return summary
}
