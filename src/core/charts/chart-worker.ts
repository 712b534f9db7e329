// Runs the charts' statements on a worker thread with its own read-only connection to the cache
// (WAL lets it read beside the writer), so a chart that must read millions of events never blocks
// the main thread (in Electron, the window's every call). The main thread builds the statements
// (chart-statements.ts); when no worker can start (an in-memory cache, a failed start) they run
// on the main thread instead. The newest request per chart waits; an older one still queued for
// the same chart is cancelled (a running SQLite statement cannot be interrupted).
import { threadId as mainThreadId, Worker } from 'node:worker_threads'
import type Database from 'better-sqlite3'
import { CoreError } from '../errors'
import { registerSqlFunctions } from '../query/sql-functions'
import { chartWorkerSource } from './chart-worker-source'
import { foldRoutes } from './chart-statements'
import { startReadWorker } from '../query/read-worker'

/** One statement of a chart; `fold: 'routes'` sums its [endpoint, requests, errors] rows per route. */
export type ChartStatement = {
  sql: string
  params: Record<string, string | number>
  fold?: 'routes'
}

/** The rows of each statement, in order (arrays of column values). */
export type ChartRows = unknown[][][]

/** Runs chart statements off the main thread when it can. */
export type ChartRunner = {
  /** Runs the statements in one read transaction; `key` names the chart (newest per key wins). */
  run(key: string, statements: readonly ChartStatement[]): Promise<ChartRows>
  /** Stops the worker; what still waits for it is cancelled. */
  close(): void
}

/** Options for hosts and tests. */
export type ChartRunnerOptions = {
  /** Path of a better-sqlite3 addon built for this runtime (Electron). */
  nativeBinding?: string
  /** Told which thread ran each job (the main thread's id when it ran inline). */
  onRun?: (key: string, threadId: number) => void
}

type Waiting = {
  key: string
  statements: readonly ChartStatement[]
  resolve: (rows: ChartRows) => void
  reject: (error: unknown) => void
}
type Reply = { id: number; ok: boolean; value?: ChartRows; message?: string; threadId: number }

/** Runs the statements on `db` itself, as the worker would. */
function runInline(db: Database.Database, statements: readonly ChartStatement[]): ChartRows {
  registerSqlFunctions(db)
  return db.transaction(() =>
    statements.map((each) => {
      const rows = db.prepare<Record<string, string | number>>(each.sql).raw()
      // raw(): each row an array of column values.
      if (each.fold === 'routes')
        return foldRoutes(rows.iterate(each.params) as Iterable<unknown[]>)
      return rows.all(each.params) as unknown[][]
    }),
  )()
}

/** A runner over the cache `db()`, starting its worker at the first job. */
export function createChartRunner(
  db: () => Database.Database,
  options: ChartRunnerOptions = {},
): ChartRunner {
  let worker: Worker | undefined | 'inline'
  const queued = new Map<string, Waiting>()
  let running: (Waiting & { id: number }) | undefined
  let nextId = 1

  const inline = (entry: Waiting) => {
    try {
      const rows = runInline(db(), entry.statements)
      options.onRun?.(entry.key, mainThreadId)
      entry.resolve(rows)
    } catch (error) {
      entry.reject(error)
    }
  }
  const takeAll = (): Waiting[] => {
    const waiting = [...(running === undefined ? [] : [running]), ...queued.values()]
    running = undefined
    queued.clear()
    return waiting
  }
  const giveUp = () => {
    worker = 'inline' // the worker failed or exited: what waited for it runs here instead
    for (const entry of takeAll()) inline(entry)
  }
  const pump = () => {
    if (running !== undefined || !(worker instanceof Worker)) return
    const first = queued.values().next()
    if (first.done === true) return
    queued.delete(first.value.key)
    running = { ...first.value, id: nextId++ }
    worker.postMessage({ id: running.id, statements: running.statements })
  }
  const onReply = (reply: Reply) => {
    const done = running
    if (done?.id !== reply.id) return
    running = undefined
    options.onRun?.(done.key, reply.threadId)
    if (reply.ok) done.resolve(reply.value ?? [])
    else done.reject(new Error(reply.message ?? 'The chart query failed.'))
    pump()
  }
  const start = (): Worker | 'inline' =>
    startReadWorker(db(), chartWorkerSource, options.nativeBinding, onReply, giveUp)

  return {
    run(key, statements) {
      worker ??= start()
      return new Promise<ChartRows>((resolve, reject) => {
        const entry = { key, statements, resolve, reject }
        if (worker === 'inline') {
          setImmediate(() => {
            inline(entry)
          })
          return
        }
        queued
          .get(key)
          ?.reject(new CoreError('cancelled', 'A newer request for this chart replaced this one.'))
        queued.delete(key) // the newer request goes to the back of the queue
        queued.set(key, entry)
        pump()
      })
    },
    close() {
      if (worker instanceof Worker) {
        worker.off('error', giveUp)
        worker.off('exit', giveUp)
        void worker.terminate()
      }
      worker = 'inline'
      for (const entry of takeAll())
        entry.reject(new CoreError('cancelled', 'The core closed before this chart was ready.'))
    },
  }
}
