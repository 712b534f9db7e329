// Runs the app's syncs in the background, one at a time (the cache has one writer), each
// cancellable, with progress and the outcome pushed as events. Keys come from the key ring and
// are used for requests only.
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
}

type Running = { connectionId: string; controller: AbortController; done: Promise<void> }

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

  async function run(
    connectionId: string,
    request: { baseUrl: string; apiKey: string; streams: readonly Stream[] },
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
    deps.emit({ name: 'sync.finished', payload: { connectionId, ...finished } })
  }

  return {
    /** The connection being synced now, if any. */
    runningConnection: (): string | undefined => running?.connectionId,
    /**
     * Starts a sync of `streams` in the background; false when this connection is already
     * syncing. Refuses while another connection syncs (one writer per cache).
     */
    start(
      connectionId: string,
      request: { baseUrl: string; apiKey: string; streams: readonly Stream[] },
    ): boolean {
      if (running?.connectionId === connectionId) return false
      if (running !== undefined) {
        throw new CoreError(
          'busy',
          'Another organization is syncing now. Wait for it to finish, or cancel it, then start this one.',
        )
      }
      const controller = new AbortController()
      const done = run(connectionId, request, controller).finally(() => {
        running = undefined
      })
      running = { connectionId, controller, done }
      return true
    },
    /** Cancels the connection's running sync; false when none runs. */
    cancel(connectionId: string): boolean {
      if (running?.connectionId !== connectionId) return false
      running.controller.abort()
      return true
    },
    /** Cancels any running sync and waits for it to end (before the cache closes). */
    async stop(): Promise<void> {
      const current = running
      if (current === undefined) return
      current.controller.abort()
      await current.done
    },
  }
}

/** The sync manager's interface. */
export type SyncManager = ReturnType<typeof createSyncManager>
