// The sync engine for one stream of one connection: pages in, each stored with its cursor in one
// transaction, faults handled by the retry policy, progress reported, cancellable. Resuming after
// a crash continues from the last committed cursor, so nothing is lost or doubled.
import { formatRfc3339 } from '../../shared/rfc3339'
import type { CoreEvent } from '../../shared/contract'
import type { SyncStore, RunOutcome } from '../store/sync-store'
import type { OrgApiClient, RateLimit } from './org-api-client'
import { parsePage, type StreamName } from './page-parser'
import {
  backoffDelay,
  decide,
  defaultRetryLimits,
  type RetryLimits,
  type SyncErrorCode,
} from './retry-policy'
import { createProgressMeter } from './progress'

/** What the engine needs from its host; tests fake the clock, sleep and randomness. */
export type SyncDeps = {
  store: SyncStore
  client: OrgApiClient
  clock: () => number
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  random: () => number
  emit: (event: CoreEvent) => void
  retryLimits?: RetryLimits
}

/** One stream sync request. */
export type StreamSyncRequest = {
  connectionId: string
  stream: StreamName
  /** Where a first sync starts (epoch ms); default the oldest event the server still has. */
  since?: number
  /** Server time at the start of the run, for the remaining-time estimate. */
  serverTime?: number
  limit?: number
  signal?: AbortSignal
}

/** How a stream sync ended. */
export type StreamSyncResult = {
  runId: number
  outcome: RunOutcome
  error?: { code: SyncErrorCode; message: string }
  pages: number
  newEvents: number
  duplicates: number
  conflicts: number
  quarantined: number
  gaps: number
}

const maxStalledPages = 3
const maxMalformedAttempts = 4

/** Syncs one stream until caught up, stopped by an error, or cancelled. */
export async function syncStream(
  deps: SyncDeps,
  request: StreamSyncRequest,
): Promise<StreamSyncResult> {
  const { store, clock } = deps
  const limits = deps.retryLimits ?? defaultRetryLimits
  const runId = store.startRun(request.connectionId, request.stream, clock())
  const result: StreamSyncResult = {
    runId,
    outcome: 'complete',
    pages: 0,
    newEvents: 0,
    duplicates: 0,
    conflicts: 0,
    quarantined: 0,
    gaps: 0,
  }
  const meter = createProgressMeter(clock, request.serverTime)
  let since = request.since
  let gapReason = 'seq_jump'
  let stalled = 0
  let failures = 0
  for (;;) {
    if (request.signal?.aborted === true)
      return finish(deps, result, 'cancelled', {
        code: 'cancelled',
        message: 'The sync was cancelled. Everything received so far is kept.',
      })
    const state = store.readState(request.connectionId, request.stream)
    const response = await deps.client.get(pagePath(request, state.cursor, since), request.signal)
    if (!response.ok) {
      failures += 1
      const decision = decide(response.failure, failures, limits, deps.random)
      if (decision.action === 'stop')
        return finish(
          deps,
          result,
          decision.code === 'cancelled' ? 'cancelled' : 'failed',
          decision,
        )
      if (decision.action === 'restart') {
        store.resetCursor(request.connectionId, request.stream)
        since = decision.oldestAvailableAt
        gapReason = 'cursor_expired'
        failures = 0
        continue
      }
      await deps.sleep(decision.delayMs, request.signal)
      continue
    }
    const page = parsePage(request.stream, response.body)
    if ('code' in page) {
      failures += 1
      if (failures >= maxMalformedAttempts || page.code === 'response_too_large') {
        return finish(deps, result, 'failed', {
          code: page.code,
          message: `${page.message} Nothing from that page was stored; the next sync retries it.`,
        })
      }
      await deps.sleep(backoffDelay(failures, limits, deps.random), request.signal)
      continue
    }
    failures = 0
    store.countPageFetched(runId)
    const counts = store.applyPage({
      connectionId: request.connectionId,
      stream: request.stream,
      runId,
      items: page.items,
      nextCursor: page.nextCursor,
      oldestAvailableAt: page.oldestAvailableAt,
      gapReason,
      now: clock(),
    })
    accumulate(result, counts)
    gapReason = 'seq_jump'
    emitProgress(
      deps,
      request,
      result,
      meter.update(counts.newEvents, lastRecordedAt(page.items), page.oldestAvailableAt),
    )
    if (!page.hasMore) {
      store.markSuccess(request.connectionId, request.stream, clock())
      return finish(deps, result, 'complete')
    }
    stalled = counts.newEvents + counts.quarantined === 0 ? stalled + 1 : 0
    if (stalled >= maxStalledPages) {
      return finish(deps, result, 'failed', {
        code: 'cursor_stuck',
        message: `The server said more events follow, but ${stalled} pages in a row brought nothing new. The sync stopped so as not to loop; report this to the API provider.`,
      })
    }
    await paceForRateLimit(deps, response.rateLimit, request.signal)
  }
}

function pagePath(
  request: StreamSyncRequest,
  cursor: string | null,
  since: number | undefined,
): string {
  const limit = `limit=${request.limit ?? 1000}`
  if (cursor !== null) return `/v1/${request.stream}?cursor=${encodeURIComponent(cursor)}&${limit}`
  if (since !== undefined)
    return `/v1/${request.stream}?since=${encodeURIComponent(formatRfc3339(since))}&${limit}`
  return `/v1/${request.stream}?${limit}`
}

/** Slows down before the limit is hit: spreads the remaining requests over the reset window. */
async function paceForRateLimit(
  deps: SyncDeps,
  rateLimit: RateLimit,
  signal: AbortSignal | undefined,
): Promise<void> {
  const { limit, remaining, resetSeconds } = rateLimit
  if (remaining === undefined || resetSeconds === undefined || limit === undefined) return
  if (remaining > Math.max(2, limit * 0.1)) return
  const delay = remaining === 0 ? resetSeconds * 1000 : (resetSeconds * 1000) / remaining
  if (delay > 0) await deps.sleep(Math.min(delay, 60_000), signal)
}

function lastRecordedAt(
  items: readonly { kind: string; value?: { recorded_at: number } }[],
): number | undefined {
  for (let index = items.length - 1; index >= 0; index -= 1) {
    const recorded = items[index]?.value?.recorded_at
    if (recorded !== undefined) return recorded
  }
  return undefined
}

function accumulate(
  result: StreamSyncResult,
  counts: {
    newEvents: number
    duplicates: number
    conflicts: number
    quarantined: number
    gaps: number
  },
): void {
  result.pages += 1
  result.newEvents += counts.newEvents
  result.duplicates += counts.duplicates
  result.conflicts += counts.conflicts
  result.quarantined += counts.quarantined
  result.gaps += counts.gaps
}

function emitProgress(
  deps: SyncDeps,
  request: StreamSyncRequest,
  result: StreamSyncResult,
  estimate: { eventsPerSecond: number; estimatedRemainingMs: number | null },
): void {
  deps.emit({
    name: 'sync.progress',
    payload: {
      connectionId: request.connectionId,
      stream: request.stream,
      pages: result.pages,
      newEvents: result.newEvents,
      duplicates: result.duplicates,
      ...estimate,
    },
  })
}

function finish(
  deps: SyncDeps,
  result: StreamSyncResult,
  outcome: RunOutcome,
  error?: { code: SyncErrorCode; message: string },
): StreamSyncResult {
  deps.store.finishRun(result.runId, outcome, deps.clock(), error)
  result.outcome = outcome
  if (error !== undefined) result.error = error
  return result
}
