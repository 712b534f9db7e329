// Runs the app's syncs in the background, one at a time (the cache has one writer), each
// cancellable, with progress and the outcome pushed as events. Keys come from the key ring and
// are used for requests only. A followed connection syncs again an interval after each sync
// ends; a long cache task (verification, repair) holds the writer lock and excludes syncs.
import type Database from 'better-sqlite3'
import type { Stream } from '../../shared/filter'
import type { CoreEvent } from '../../shared/contract'
import { CoreError } from '../errors'
import type { Logger } from '../ports'
import { abortableSleep } from '../sync/sleep'
import { syncOrganization, type OrganizationSyncResult } from '../sync/sync-organization'

/** What the sync manager needs from the core. */
export type SyncManagerDeps = {
  /** The open cache (throws the reason when it is unusable). */
  db: () => Database.Database
  fetch: typeof fetch
  clock: () => number
  emit: (event: CoreEvent) => void
  logger: Logger
  sqliteNativeBinding?: string
  /** Waits between followed syncs (resolving early when the signal aborts); default a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /**
   * Work on the connection's new events after every sync, whatever its outcome (pages committed
   * before a failure are new events too), before `sync.finished` is emitted. Each task keeps its
   * own watermark in the cache, so events a crash left unprocessed are processed next time. A
   * task's error is logged and never changes the sync's outcome.
   */
  afterSync?: (connectionId: string) => Promise<void>
}

/** What one sync needs: the server, its key (memory only) and the streams. */
export type SyncRequest = { baseUrl: string; apiKey: string; streams: readonly Stream[] }

type Running = { connectionId: string; controller: AbortController; done: Promise<void> }

/** A long cache task holding the writer lock. */
type Exclusive = { activity: ExclusiveActivity; controller: AbortController }

/** The long cache tasks that exclude syncs. */
export type ExclusiveActivity = 'verification' | 'repair'

/** A followed connection: synced again `intervalMs` after each of its syncs ends. */
type Follow = {
  intervalMs: number
  request: SyncRequest
  wait: AbortController | undefined
  nextSyncAt: number | null
}

/** How a followed connection stands, for the connection list. */
export type FollowState = { intervalSeconds: number; nextSyncAt: number | null }

type Outcome = 'complete' | 'incomplete' | 'failed' | 'cancelled'

/** How a whole organization sync ended: the worst of its streams. */
function overall(result: OrganizationSyncResult): {
  outcome: Outcome
  newEvents: number
  error: { code: string; message: string } | null
} {
  if (!result.ok) return { outcome: 'failed', newEvents: 0, error: result.error }
  const rank: Record<Outcome, number> = { complete: 0, cancelled: 1, incomplete: 2, failed: 3 }
  let outcome: Outcome = 'complete'
  let error: { code: string; message: string } | null = null
  let newEvents = 0
  for (const stream of result.streams) {
    newEvents += stream.newEvents
    if (rank[stream.outcome] > rank[outcome]) {
      outcome = stream.outcome
      error = stream.error ?? null
    }
  }
  return { outcome, newEvents, error }
}

/** Starts, cancels and tracks background syncs. */
export function createSyncManager(deps: SyncManagerDeps) {
  let running: Running | undefined
  let exclusive: Exclusive | undefined
  const follows = new Map<string, Follow>()
  const sleep = deps.sleep ?? abortableSleep

  async function run(
    connectionId: string,
    request: SyncRequest,
    controller: AbortController,
  ): Promise<void> {
    let finished: ReturnType<typeof overall>
    try {
      const result = await syncOrganization(
        {
          db: deps.db(),
          fetch: deps.fetch,
          clock: deps.clock,
          sleep: abortableSleep,
          random: Math.random,
          emit: deps.emit,
          ...(deps.sqliteNativeBinding === undefined
            ? {}
            : { sqliteNativeBinding: deps.sqliteNativeBinding }),
        },
        { ...request, signal: controller.signal },
      )
      finished = overall(result)
    } catch (cause) {
      deps.logger.error('sync failed', {
        error: cause instanceof Error ? cause.message : 'unknown',
      })
      finished = {
        outcome: 'failed',
        newEvents: 0,
        error: {
          code: 'internal',
          message: 'The sync stopped on an unexpected error; pages committed before it are kept.',
        },
      }
    }
    // A failed or cancelled sync needs the person: following stops before the list is re-read.
    if (finished.outcome === 'failed' || finished.outcome === 'cancelled')
      stopFollowing(connectionId)
    try {
      await deps.afterSync?.(connectionId)
    } catch (cause) {
      deps.logger.error('work after the sync failed', {
        error: cause instanceof Error ? cause.message : 'unknown',
      })
    }
    deps.emit({ name: 'sync.finished', payload: { connectionId, ...finished } })
  }

  function launch(connectionId: string, request: SyncRequest): void {
    const controller = new AbortController()
    const done = run(connectionId, request, controller).finally(() => {
      running = undefined
      scheduleFollow(connectionId)
    })
    running = { connectionId, controller, done }
  }

  /** Waits the interval, then syncs again; busy then means waiting another interval. */
  function scheduleFollow(connectionId: string): void {
    const follow = follows.get(connectionId)
    if (follow === undefined || follow.wait !== undefined) return
    const wait = new AbortController()
    follow.wait = wait
    follow.nextSyncAt = deps.clock() + follow.intervalMs
    void sleep(follow.intervalMs, wait.signal).then(() => {
      if (wait.signal.aborted || follows.get(connectionId) !== follow) return
      follow.wait = undefined
      follow.nextSyncAt = null
      if (running === undefined && exclusive === undefined) launch(connectionId, follow.request)
      else if (running?.connectionId !== connectionId) scheduleFollow(connectionId)
    })
  }

  function stopFollowing(connectionId: string): boolean {
    const follow = follows.get(connectionId)
    if (follow === undefined) return false
    follow.wait?.abort()
    follows.delete(connectionId)
    return true
  }

  function refuseWhileExclusive(): void {
    if (exclusive === undefined) return
    throw new CoreError(
      'busy',
      `A ${exclusive.activity} of the cache is running now. Wait for it to finish, then sync.`,
    )
  }

  return {
    /** The connection being synced now, if any. */
    runningConnection: (): string | undefined => running?.connectionId,
    /**
     * Starts a sync of `streams` in the background; false when this connection is already
     * syncing. Refuses while another connection syncs (one writer per cache).
     */
    start(connectionId: string, request: SyncRequest): boolean {
      if (running?.connectionId === connectionId) return false
      if (running !== undefined) {
        throw new CoreError(
          'busy',
          'Another organization is syncing now. Wait for it to finish, or cancel it, then start this one.',
        )
      }
      refuseWhileExclusive()
      launch(connectionId, request)
      return true
    },
    /**
     * Follows a connection: syncs it now (unless it is syncing or the cache is busy), then again
     * `intervalMs` after each sync ends, until follow is turned off, a sync fails or is cancelled,
     * or the core closes. Following again only changes the interval and key.
     */
    follow(connectionId: string, request: SyncRequest, intervalMs: number): void {
      const existing = follows.get(connectionId)
      if (existing !== undefined) {
        existing.request = request
        existing.intervalMs = intervalMs
        return
      }
      follows.set(connectionId, { intervalMs, request, wait: undefined, nextSyncAt: null })
      if (running === undefined && exclusive === undefined) launch(connectionId, request)
      else if (running?.connectionId !== connectionId) scheduleFollow(connectionId)
    },
    /** Stops following the connection (a running sync goes on); false when it was not followed. */
    unfollow: (connectionId: string): boolean => stopFollowing(connectionId),
    /** Whether, and how, the connection is followed. */
    followState(connectionId: string): FollowState | null {
      const follow = follows.get(connectionId)
      if (follow === undefined) return null
      return { intervalSeconds: follow.intervalMs / 1000, nextSyncAt: follow.nextSyncAt }
    },
    /** Cancels the connection's running sync and stops following it; false when neither was on. */
    cancel(connectionId: string): boolean {
      const wasFollowed = stopFollowing(connectionId)
      if (running?.connectionId !== connectionId) return wasFollowed
      running.controller.abort()
      return true
    },
    /**
     * Runs a long cache task (a verification, a repair) as the cache's one writer: refused with
     * `busy` while a sync or another task runs, and syncs are refused until it ends.
     */
    async exclusive<T>(
      activity: ExclusiveActivity,
      task: (signal: AbortSignal) => Promise<T>,
    ): Promise<T> {
      if (running !== undefined) {
        throw new CoreError(
          'busy',
          `A sync is running now; the ${activity} needs the cache to itself. Wait for the sync to finish, or cancel it, then try again.`,
        )
      }
      refuseWhileExclusive()
      const held: Exclusive = { activity, controller: new AbortController() }
      exclusive = held
      try {
        return await task(held.controller.signal)
      } finally {
        exclusive = undefined
      }
    },
    /** Stops every follow, cancels any running sync or task and waits for the sync to end. */
    async stop(): Promise<void> {
      for (const connectionId of [...follows.keys()]) stopFollowing(connectionId)
      exclusive?.controller.abort()
      const current = running
      if (current === undefined) return
      current.controller.abort()
      await current.done
    },
  }
}

/** The sync manager's interface. */
export type SyncManager = ReturnType<typeof createSyncManager>
