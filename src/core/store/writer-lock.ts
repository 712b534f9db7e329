// One writer per cache file: a lock file beside the database naming the process that holds it.
// It is created atomically with its content (written to a temp file, then hard-linked into
// place), so no other process ever sees it empty. A lock left by a process that no longer runs
// (a crash, a kill) is taken over; a live holder makes the second writer stop with a clear message.
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
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (tryCreate(file, info))
      return {
        release: () => {
          releaseIfOurs(file, pid)
        },
      }
    const holder = readLock(file)
    if (holder === undefined) {
      throw new CoreError(
        'database_locked',
        `The lock file ${file} exists but cannot be read. If no other Audit Desk process uses this cache, delete that file and try again.`,
      )
    }
    if (holder.pid !== pid && isAlive(holder)) throw lockedBy(databaseFile, file, holder)
    takeOverStale(file, holder)
  }
  throw new CoreError(
    'database_locked',
    `Could not take the lock ${file}; another process keeps taking it.`,
  )
}

function tryCreate(file: string, info: LockInfo): boolean {
  const temporary = `${file}.${info.pid}.${Date.now()}.tmp`
  fs.writeFileSync(temporary, JSON.stringify(info), { mode: 0o600 })
  try {
    fs.linkSync(temporary, file)
    return true
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false
    throw error
  } finally {
    fs.rmSync(temporary, { force: true })
  }
}

/** Moves a dead holder's lock aside; if the moved file turns out to be a live lock, restores it. */
function takeOverStale(file: string, stale: LockInfo): void {
  const aside = `${file}.stale-${process.pid}-${Date.now()}`
  try {
    fs.renameSync(file, aside)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return
    throw error
  }
  const moved = readLock(aside)
  if (
    moved !== undefined &&
    (moved.pid !== stale.pid || moved.since !== stale.since) &&
    isAlive(moved)
  ) {
    try {
      fs.linkSync(aside, file)
    } catch {
      // Someone took the lock meanwhile: theirs stands.
    }
  }
  fs.rmSync(aside, { force: true })
}

function lockedBy(databaseFile: string, file: string, holder: LockInfo): CoreError {
  const where =
    holder.host === os.hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`
  return new CoreError(
    'database_locked',
    `The cache ${databaseFile} is in use by another Audit Desk process (${where}, since ${new Date(holder.since).toISOString()}). Close the other window or command, then try again; if that process no longer exists, delete ${file}.`,
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
    return errorCode(error) === 'EPERM'
  }
}

function releaseIfOurs(file: string, pid: number): void {
  if (readLock(file)?.pid === pid) fs.rmSync(file, { force: true })
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined
}
