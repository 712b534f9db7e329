// Moves WAL checkpoints off the writing thread during a bulk sync. In WAL mode every commit
// appends to the -wal file and, past 1000 pages, the committing thread copies the WAL back into
// the database and fsyncs it: measured at about 7 % of an initial sync. A second connection on a
// worker thread can run PASSIVE checkpoints concurrently with the writer (SQLite allows one
// checkpointer beside one writer), so the copy and its fsync overlap the next pages.
//
// Safety: durability does not depend on checkpoints (a commit is durable once its WAL frames are
// fsynced, synchronous=FULL). While the worker runs, the writer's own autocheckpoint threshold is
// raised to 64 MB rather than turned off, so the WAL stays bounded even if the worker stalls or
// fails to start; when it stops, the usual threshold returns.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type Database from 'better-sqlite3'

/** A running background checkpointer. */
export type BackgroundCheckpoints = {
  /** Stops the worker (after its current checkpoint) and restores the writer's threshold. */
  stop(): Promise<void>
}

const defaultThreshold = 1000 // SQLite's default wal_autocheckpoint, in pages
const safetyThresholdBytes = 64 * 1024 * 1024
const stopTimeoutMs = 10_000

// Runs inside the worker: CommonJS evaluated from a string, so no file has to be located next to
// the bundle in each of the app's builds (CLI, Electron, tests).
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.modulePath)
const options = workerData.nativeBinding === undefined ? {} : { nativeBinding: workerData.nativeBinding }
const db = new Database(workerData.file, { ...options, fileMustExist: true })
db.pragma('busy_timeout = 1000')
db.pragma('synchronous = FULL')
let stopping = false
parentPort.on('message', () => { stopping = true })
function tick() {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch {
    // A busy or failed checkpoint is retried on the next tick; the writer's threshold is the net.
  }
  if (stopping) {
    db.close()
    parentPort.close() // nothing left to keep the thread alive: it exits
    return
  }
  setTimeout(tick, workerData.intervalMs)
}
tick()
`

/** No worker (an in-memory database, or the worker could not start): the writer checkpoints. */
const inline: BackgroundCheckpoints = { stop: () => Promise.resolve() }

/**
 * Starts PASSIVE checkpoints every `intervalMs` on a worker thread for the database `db` writes
 * to. Returns a handle whose stop() must be awaited before `db` is closed.
 */
export function startBackgroundCheckpoints(
  db: Database.Database,
  options: { nativeBinding?: string; intervalMs?: number } = {},
): BackgroundCheckpoints {
  if (db.memory || db.name === '') return inline
  let modulePath: string
  try {
    modulePath = createRequire(import.meta.url).resolve('better-sqlite3')
  } catch {
    return inline
  }
  const pageSize = db.pragma('page_size', { simple: true }) as number // a number, per SQLite
  db.pragma(`wal_autocheckpoint = ${String(Math.ceil(safetyThresholdBytes / pageSize))}`)
  const restore = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${String(defaultThreshold)}`)
  }
  let worker: Worker
  try {
    worker = new Worker(workerSource, {
      eval: true,
      workerData: {
        modulePath,
        file: db.name,
        nativeBinding: options.nativeBinding,
        intervalMs: options.intervalMs ?? 50,
      },
    })
  } catch {
    restore()
    return inline
  }
  let exited = false
  const exit = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      exited = true
      resolve()
    })
  })
  // A worker that fails (it could not open the file) just leaves the checkpoints to the writer.
  worker.on('error', restore)
  return {
    async stop() {
      if (!exited) {
        worker.postMessage('stop')
        const timeout = new Promise<false>((resolve) =>
          setTimeout(() => {
            resolve(false)
          }, stopTimeoutMs).unref(),
        )
        const stopped = await Promise.race([exit.then(() => true), timeout])
        if (!stopped) await worker.terminate()
      }
      restore()
    },
  }
}
