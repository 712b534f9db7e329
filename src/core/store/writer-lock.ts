// One writer per cache file: a lock file beside the database naming the process that holds it.
// A lock left by a process that no longer runs (a crash, a kill) is taken over; a live holder
// makes the second writer stop with a clear message instead of interleaving writes.
import fs from 'node:fs'
import os from 'node:os'
import { CoreError } from '../errors'

/** A held lock; release() removes the lock file if it is still ours. */
export type WriterLock = { release: () => void }

type LockInfo = { pid: number; host: string; since: number }

/** Takes the writer lock for `databaseFile`, or throws `database_locked` naming the holder. */
export function acquireWriterLock(
  databaseFile: string,
  now: number,
  pid = process.pid,
): WriterLock {
  const file = `${databaseFile}.lock`
  const info: LockInfo = { pid, host: os.hostname(), since: now }
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(file, JSON.stringify(info), { flag: 'wx', mode: 0o600 })
      return {
        release: () => {
          releaseIfOurs(file, pid)
        },
      }
    } catch (error) {
      if (!isExists(error)) throw error
      const holder = readLock(file)
      if (holder !== undefined && holder.pid !== pid && isAlive(holder)) {
        throw new CoreError(
          'database_locked',
          `The cache ${databaseFile} is in use by another Audit Desk process (pid ${holder.pid}, since ${new Date(holder.since).toISOString()}). Close the other window or command, then try again.`,
        )
      }
      fs.rmSync(file, { force: true })
    }
  }
  throw new CoreError(
    'database_locked',
    `Could not take the lock ${file}; another process keeps recreating it.`,
  )
}

function readLock(file: string): LockInfo | undefined {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'))
    if (typeof parsed !== 'object' || parsed === null) return undefined
    const { pid, host, since } = parsed as Partial<LockInfo> // checked field by field below
    if (typeof pid !== 'number' || typeof host !== 'string' || typeof since !== 'number')
      return undefined
    return { pid, host, since }
  } catch {
    return undefined
  }
}

function isAlive(holder: LockInfo): boolean {
  if (holder.host !== os.hostname()) return true // another machine (a shared folder): assume alive
  try {
    process.kill(holder.pid, 0)
    return true
  } catch (error) {
    return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EPERM'
  }
}

function releaseIfOurs(file: string, pid: number): void {
  if (readLock(file)?.pid === pid) fs.rmSync(file, { force: true })
}

function isExists(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EEXIST'
}
