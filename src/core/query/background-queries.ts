// Runs the log views' slow reads (counts and facet counts, up to about 0.6 s on 1,000,000
// events) on a worker thread with its own read-only connection to the cache (WAL lets readers
// run beside the writer), so a page (logs.query) on the main thread never waits behind them.
// The main thread still builds the SQL (filter-sql.ts, cheap and pure); the worker only runs it.
import { threadId as mainThreadId, Worker } from 'node:worker_threads'
import type Database from 'better-sqlite3'
import type { EventFilter, Stream } from '../../shared/filter'
import { CoreError } from '../errors'
import {
  createEventQuery,
  facetShape,
  tallyFacets,
  type BuiltSql,
  type FacetCounts,
} from './event-query'
import { queryWorkerSource } from './query-worker-source'
import { startReadWorker } from './read-worker'

type Kind = 'count' | 'facets'

/** The slow reads, answered off the main thread when a worker could start, else on it. */
export type BackgroundQueries = {
  /** How many events match (as createEventQuery's count). */
  count(stream: Stream, filter: EventFilter): Promise<number>
  /** Facet counts (as createEventQuery's facets); undefined when too many events match. */
  facets(stream: Stream, filter: EventFilter): Promise<FacetCounts[] | undefined>
  /** Stops the worker; reads still waiting for it are cancelled. */
  close(): void
}

/** Options for tests and hosts. */
export type BackgroundOptions = {
  /** Path of a better-sqlite3 addon built for this runtime (Electron). */
  nativeBinding?: string
  /** Told which thread ran each read (the main thread's id when it ran inline). */
  onRun?: (kind: Kind, threadId: number) => void
}

type Job = BuiltSql & { kind: Kind; key: string; stream: Stream }
type Waiting = { job: Job; resolve: (value: unknown) => void; reject: (error: unknown) => void }
type Reply = { id: number; ok: boolean; value?: unknown; message?: string; threadId: number }

const facetLimit = 12
const facetMaxRows = 50_000

const superseded = () =>
  new CoreError('cancelled', 'A newer request for these counts replaced this one.')

/**
 * Answers counts and facets for the cache `db()` on a worker started at the first read. The
 * latest request per kind and stream wins: a queued one that a newer one replaces is cancelled
 * before it starts (a running SQLite statement cannot be interrupted).
 */
export function createBackgroundQueries(
  db: () => Database.Database,
  options: BackgroundOptions = {},
): BackgroundQueries {
  let query: ReturnType<typeof createEventQuery> | undefined
  const events = () => (query ??= createEventQuery(db()))
  let worker: Worker | undefined | 'inline'
  const queued = new Map<string, Waiting>() // by key, oldest first
  let running: (Waiting & { id: number }) | undefined
  let nextId = 1

  const inline = (job: Job): unknown => {
    const statement = db().prepare<Record<string, string | number>>(job.sql)
    options.onRun?.(job.kind, mainThreadId)
    if (job.kind === 'count') {
      const row = statement.get(job.params) as { n: number } | undefined // count(*) AS n
      return row?.n ?? 0
    }
    const rows = statement.raw().all(job.params) as unknown[][] // raw(): one array per row
    return tallyFacets(job.stream, rows, facetLimit, facetMaxRows)
  }
  const takeAll = (): Waiting[] => {
    const waiting = [...(running === undefined ? [] : [running]), ...queued.values()]
    running = undefined
    queued.clear()
    return waiting
  }
  const giveUp = () => {
    // The worker failed or exited: whatever waited for it runs here instead.
    worker = 'inline'
    for (const entry of takeAll()) {
      try {
        entry.resolve(inline(entry.job))
      } catch (error) {
        entry.reject(error)
      }
    }
  }
  const pump = () => {
    if (running !== undefined || !(worker instanceof Worker)) return
    const first = queued.entries().next()
    if (first.done === true) return
    const [key, entry] = first.value
    queued.delete(key)
    running = { ...entry, id: nextId++ }
    const { kind, sql, params, stream } = entry.job
    worker.postMessage(
      kind === 'count'
        ? { id: running.id, kind, sql, params }
        : {
            id: running.id,
            kind,
            sql,
            params,
            shape: facetShape(stream),
            limit: facetLimit,
            maxRows: facetMaxRows,
          },
    )
  }
  const onReply = (reply: Reply) => {
    const done = running
    if (done?.id !== reply.id) return
    running = undefined
    options.onRun?.(done.job.kind, reply.threadId)
    if (reply.ok) done.resolve(reply.value ?? undefined)
    else done.reject(new Error(reply.message ?? 'The background query failed.'))
    pump()
  }
  const start = (): Worker | 'inline' =>
    startReadWorker(db(), queryWorkerSource, options.nativeBinding, onReply, giveUp)
  const run = (job: Job): Promise<unknown> => {
    worker ??= start()
    if (worker === 'inline') return Promise.resolve().then(() => inline(job))
    return new Promise((resolve, reject) => {
      queued.get(job.key)?.reject(superseded())
      queued.delete(job.key) // the newer request goes to the back of the queue
      queued.set(job.key, { job, resolve, reject })
      pump()
    })
  }

  return {
    async count(stream, filter) {
      const built = events().countSql(stream, filter)
      const value = await run({ ...built, kind: 'count', key: `count:${stream}`, stream })
      return value as number // a count, from the worker or inline
    },
    async facets(stream, filter) {
      const built = events().facetsSql(stream, filter, facetMaxRows)
      const value = await run({ ...built, kind: 'facets', key: `facets:${stream}`, stream })
      return (value ?? undefined) as FacetCounts[] | undefined // tallyFacets' result (null: too broad)
    },
    close() {
      if (worker instanceof Worker) {
        worker.off('error', giveUp)
        worker.off('exit', giveUp)
        void worker.terminate()
      }
      worker = 'inline'
      for (const entry of takeAll())
        entry.reject(new CoreError('cancelled', 'The core closed before these counts finished.'))
    },
  }
}
