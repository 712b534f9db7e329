// Starts a worker thread that opens the cache read-only (its source evaluated, so no bundled file
// is needed in any build), or says to run inline when the cache has no file a worker can open.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type Database from 'better-sqlite3'

/**
 * A worker running `source` with `{ modulePath, file, nativeBinding }` as its workerData, or
 * 'inline' for an in-memory cache or when a worker cannot start. The worker never keeps the
 * process alive; `onMessage` gets its replies (the worker's own messages, typed by the caller)
 * and `onGone` its error or exit.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names its own worker's reply type (a worker message is untyped)
export function startReadWorker<Reply>(
  connection: Database.Database,
  source: string,
  nativeBinding: string | undefined,
  onMessage: (reply: Reply) => void,
  onGone: () => void,
): Worker | 'inline' {
  if (connection.memory || connection.name === '') return 'inline'
  try {
    const modulePath = createRequire(import.meta.url).resolve('better-sqlite3')
    const started = new Worker(source, {
      eval: true,
      workerData: { modulePath, file: connection.name, nativeBinding },
    })
    started.unref() // an idle worker never keeps the process alive
    started.on('message', onMessage)
    started.on('error', onGone)
    started.on('exit', onGone)
    return started
  } catch {
    return 'inline'
  }
}
