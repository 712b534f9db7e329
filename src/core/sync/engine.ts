// The sync engine for one stream of one connection: pages in, each stored with its cursor
// atomically, faults handled by the retry policy, progress reported, cancellable. Resuming after
// a crash continues from the last committed cursor, so nothing is lost or doubled.
//
// Speed without giving up durability: the next page is fetched while the current one is written,
// and consecutive pages share one commit (at most `batchPages` pages or `batchMs` of work); a
// crash loses only uncommitted pages, whose cursor was not committed either, so they are fetched
// again.
import { formatRfc3339 } from '../../shared/rfc3339'
import type { CoreEvent } from '../../shared/contract'
import type { PageCounts, RunOutcome, SyncStore } from '../store/sync-store'
import type { ApiFailure, ApiResponse, OrgApiClient, RateLimit } from './org-api-client'
import { parsePage, type PageError, type ParsedPage, type StreamName } from './page-parser'
import type { AuditEvent, RequestLogEntry } from './event-schemas'
import { createProgressMeter } from './progress'
import {
  backoffDelay,
  decide,
  defaultRetryLimits,
  type RetryLimits,
  type SyncErrorCode,
} from './retry-policy'

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
  /**
   * Repair mode: re-read the events recorded in [since, until) with a cursor of its own, filling
   * and checking what the cache holds below the stream's last seq; the main cursor is untouched.
   */
  repair?: { since: number; until: number }
}

/** How a stream sync ended. */
export type StreamSyncResult = {
  runId: number
  outcome: RunOutcome
  error?: { code: SyncErrorCode; message: string }
} & { pages: number } & PageCounts

type Stop = { outcome: RunOutcome; error?: { code: SyncErrorCode; message: string } }
type Page = ParsedPage<AuditEvent | RequestLogEntry>

const maxStalledPages = 3
const maxMalformedAttempts = 4
const batchPages = 16
const batchMs = 250

/** Syncs one stream until caught up, stopped by an error, or cancelled. */
export async function syncStream(
  deps: SyncDeps,
  request: StreamSyncRequest,
): Promise<StreamSyncResult> {
  const run = new StreamRun(deps, request)
  try {
    const stop = await run.execute()
    return run.finish(stop)
  } catch (error) {
    run.abandon(error)
    throw error
  }
}

class StreamRun {
  private readonly limits: RetryLimits
  private readonly result: StreamSyncResult
  private readonly meter: ReturnType<typeof createProgressMeter>
  private since: number | undefined
  private gapReason = 'seq_jump'
  private stalled = 0
  private failures = 0
  private prefetch:
    { path: string; controller: AbortController; response: Promise<ApiResponse> } | undefined
  private repairCursor: string | null = null
  private highestSeq = 0
  private batch: { pages: number; startedAt: number } | undefined

  constructor(
    private readonly deps: SyncDeps,
    private readonly request: StreamSyncRequest,
  ) {
    this.limits = deps.retryLimits ?? defaultRetryLimits
    const runId = deps.store.startRun(request.connectionId, request.stream, deps.clock())
    this.result = {
      runId,
      outcome: 'complete',
      pages: 0,
      newEvents: 0,
      duplicates: 0,
      conflicts: 0,
      quarantined: 0,
      gaps: 0,
    }
    this.meter = createProgressMeter(deps.clock, request.serverTime)
    this.since = request.repair?.since ?? request.since
    // A 410 in an earlier run that ended before its restart page was stored: resume that restart.
    const state = deps.store.readState(request.connectionId, request.stream)
    if (request.repair === undefined && state.cursor === null && state.restartSince !== null) {
      this.since = state.restartSince
      this.gapReason = state.restartReason ?? 'cursor_expired'
    }
  }

  async execute(): Promise<Stop> {
    for (;;) {
      if (this.request.signal?.aborted === true) return cancelled()
      const response = await this.fetch(this.nextPath())
      if (!response.ok) {
        const stop = await this.onFailure(response.failure)
        if (stop !== undefined) return stop
        continue
      }
      const page = parsePage(this.request.stream, response.body)
      if ('code' in page) {
        const stop = await this.onMalformed(page)
        if (stop !== undefined) return stop
        continue
      }
      this.failures = 0
      // A page that does not move past the seqs already seen counts toward a stuck cursor; the
      // page that makes it stuck prefetches nothing (the run ends on it).
      const stalled = this.advances(page) ? 0 : this.stalled + 1
      if (page.hasMore && stalled < maxStalledPages && !isNearLimit(response.rateLimit))
        this.startPrefetch(page.nextCursor)
      this.apply(page)
      if (this.request.repair !== undefined) {
        this.repairCursor = page.nextCursor
        if (!page.hasMore || reaches(page, this.request.repair.until))
          return { outcome: 'complete' }
      } else if (!page.hasMore) {
        const { connectionId, stream } = this.request
        this.deps.store.markSuccess(connectionId, stream, this.deps.clock())
        return { outcome: 'complete' }
      }
      this.stalled = stalled
      if (this.stalled >= maxStalledPages) return stuck(this.stalled)
      await this.pace(response.rateLimit)
    }
  }

  /** Commits what was stored and records how the run ended. */
  finish(stop: Stop): StreamSyncResult {
    this.dropPrefetch()
    this.deps.store.commitBatch()
    this.deps.store.finishRun(this.result.runId, stop.outcome, this.deps.clock(), stop.error)
    this.result.outcome = stop.outcome
    if (stop.error !== undefined) this.result.error = stop.error
    return this.result
  }

  /** After an unexpected exception: uncommitted pages are dropped (and fetched again next time),
   * and the run is recorded as failed rather than left running. */
  abandon(error: unknown): void {
    this.deps.store.rollbackBatch()
    try {
      const message = `The sync stopped on an unexpected error (${error instanceof Error ? error.message.slice(0, 200) : 'unknown'}). Pages committed before it are kept.`
      this.deps.store.finishRun(this.result.runId, 'failed', this.deps.clock(), {
        code: 'internal',
        message,
      })
    } catch {
      // The database itself failed; the next sync marks this run interrupted.
    }
  }

  private nextPath(): string {
    const cursor =
      this.request.repair === undefined
        ? this.deps.store.readState(this.request.connectionId, this.request.stream).cursor
        : this.repairCursor
    const limit = `limit=${this.request.limit ?? 1000}`
    const base = `/v1/${this.request.stream}?`
    if (cursor !== null) return `${base}cursor=${encodeURIComponent(cursor)}&${limit}`
    if (this.since !== undefined)
      return `${base}since=${encodeURIComponent(formatRfc3339(this.since))}&${limit}`
    return `${base}${limit}`
  }

  private fetch(path: string): Promise<ApiResponse> {
    const prefetched = this.prefetch
    this.prefetch = undefined
    if (prefetched?.path === path) return prefetched.response
    prefetched?.controller.abort()
    return this.deps.client.get(path, this.request.signal)
  }

  private startPrefetch(nextCursor: string): void {
    const path = `/v1/${this.request.stream}?cursor=${encodeURIComponent(nextCursor)}&limit=${this.request.limit ?? 1000}`
    const controller = new AbortController()
    const signal =
      this.request.signal === undefined
        ? controller.signal
        : AbortSignal.any([this.request.signal, controller.signal])
    this.prefetch = { path, controller, response: this.deps.client.get(path, signal) }
  }

  /** Cancels a prefetched request the run will not use (it waits, or it has ended). */
  private dropPrefetch(): void {
    this.prefetch?.controller.abort()
    this.prefetch = undefined
  }

  private apply(page: Page): PageCounts {
    const { store, clock } = this.deps
    if (this.batch === undefined) {
      store.beginBatch()
      this.batch = { pages: 0, startedAt: clock() }
    }
    store.countPageFetched(this.result.runId)
    const counts = store.applyPage({
      connectionId: this.request.connectionId,
      stream: this.request.stream,
      runId: this.result.runId,
      items: page.items,
      nextCursor: page.nextCursor,
      oldestAvailableAt: page.oldestAvailableAt,
      gapReason: this.gapReason,
      now: clock(),
      isRepair: this.request.repair !== undefined,
    })
    this.gapReason = 'seq_jump'
    this.accumulate(counts)
    this.batch.pages += 1
    if (this.batch.pages >= batchPages || clock() - this.batch.startedAt >= batchMs) this.commit()
    this.emitProgress(page)
    return counts
  }

  /** True when the page reaches past every seq this run has seen: the cursor is moving. */
  private advances(page: Page): boolean {
    let highest = 0
    for (const item of page.items) if (item.seq !== null && item.seq > highest) highest = item.seq
    if (highest <= this.highestSeq) return false
    this.highestSeq = highest
    return true
  }

  private commit(): void {
    this.deps.store.commitBatch()
    this.batch = undefined
  }

  private async onFailure(failure: ApiFailure): Promise<Stop | undefined> {
    this.failures += 1
    const decision = decide(failure, this.failures, this.limits, this.deps.random)
    if (decision.action === 'stop') {
      return { outcome: decision.code === 'cancelled' ? 'cancelled' : 'failed', error: decision }
    }
    if (decision.action === 'restart' && this.request.repair !== undefined) {
      return {
        outcome: 'failed',
        error: {
          code: 'invalid_request',
          message:
            'The server no longer has the events of that day (410); it cannot be repaired from the server.',
        },
      }
    }
    if (decision.action === 'restart') {
      const since = decision.oldestAvailableAt ?? null
      this.deps.store.resetCursor(
        this.request.connectionId,
        this.request.stream,
        since,
        'cursor_expired',
      )
      this.since = decision.oldestAvailableAt
      this.gapReason = 'cursor_expired'
      this.failures = 0
      return undefined
    }
    await this.sleep(decision.delayMs)
    return undefined
  }

  private async onMalformed(page: PageError): Promise<Stop | undefined> {
    this.failures += 1
    if (this.failures >= maxMalformedAttempts || page.code === 'response_too_large') {
      return {
        outcome: 'failed',
        error: {
          code: page.code,
          message: `${page.message} Nothing from that page was stored; the next sync retries it.`,
        },
      }
    }
    await this.sleep(backoffDelay(this.failures, this.limits, this.deps.random))
    return undefined
  }

  /** Slows down before the limit is hit: spreads the remaining requests over the reset window. */
  private async pace(rateLimit: RateLimit): Promise<void> {
    const { remaining, resetSeconds } = rateLimit
    if (remaining === undefined || resetSeconds === undefined || !isNearLimit(rateLimit)) return
    const delay = remaining === 0 ? resetSeconds * 1000 : (resetSeconds * 1000) / remaining
    if (delay > 0) await this.sleep(Math.min(delay, 60_000))
  }

  /** Never waits with uncommitted pages: what was received is made durable first. */
  private async sleep(ms: number): Promise<void> {
    this.commit()
    this.dropPrefetch()
    await this.deps.sleep(ms, this.request.signal)
  }

  private accumulate(counts: PageCounts): void {
    this.result.pages += 1
    this.result.newEvents += counts.newEvents
    this.result.duplicates += counts.duplicates
    this.result.conflicts += counts.conflicts
    this.result.quarantined += counts.quarantined
    this.result.gaps += counts.gaps
  }

  private emitProgress(page: Page): void {
    let lastRecordedAt: number | undefined
    for (const item of page.items)
      if (item.kind === 'event') lastRecordedAt = item.value.recorded_at
    const estimate = this.meter.update(
      this.result.newEvents,
      lastRecordedAt,
      page.oldestAvailableAt,
    )
    const { connectionId, stream } = this.request
    const { pages, newEvents, duplicates } = this.result
    this.deps.emit({
      name: 'sync.progress',
      payload: { connectionId, stream, pages, newEvents, duplicates, ...estimate },
    })
  }
}

/** True when the page holds an event recorded at or after `until` (the repair window's end). */
function reaches(page: Page, until: number): boolean {
  const last = page.items.at(-1)
  return last?.kind === 'event' && last.value.recorded_at >= until
}

/** True when few requests are left in the server's rate-limit window. */
function isNearLimit(rateLimit: RateLimit): boolean {
  const { limit, remaining } = rateLimit
  return limit !== undefined && remaining !== undefined && remaining <= Math.max(2, limit * 0.1)
}

function cancelled(): Stop {
  return {
    outcome: 'cancelled',
    error: {
      code: 'cancelled',
      message: 'The sync was cancelled. Everything received so far is kept.',
    },
  }
}

function stuck(pages: number): Stop {
  return {
    outcome: 'failed',
    error: {
      code: 'cursor_stuck',
      message: `The server said more events follow, but ${pages} pages in a row brought nothing new. The sync stopped so as not to loop; report this to the API provider.`,
    },
  }
}
