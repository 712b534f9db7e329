import fs from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import { CoreError } from '../errors'
import { restoreDeferredIndexes } from './deferred-indexes'
import { migrate } from './migrations'
import { acquireWriterLock } from './writer-lock'

/** The cache file's name inside the data directory. */
export const databaseFileName = 'audit-desk.sqlite'

/** An open, migrated cache. */
export type OpenDatabase = {
  db: Database.Database
  path: string
  schemaVersion: number
  createdAt: number
  /** Closes the database and releases the writer lock. */
  close: () => void
}

/**
 * Opens (creating if missing) the cache in `dataDirectory`: WAL, synchronous=FULL, foreign keys,
 * a busy timeout, a `quick_check`, then migrations. A damaged or foreign file is reported as a
 * CoreError and left untouched: never replaced by an empty cache.
 */
export function openDatabase(
  dataDirectory: string,
  now: number,
  nativeBinding?: string,
  processId = process.pid,
): OpenDatabase {
  return openDatabaseFile(path.join(dataDirectory, databaseFileName), now, nativeBinding, processId)
}

/** Opens (creating if missing) the cache at exactly `file`, as openDatabase does. */
export function openDatabaseFile(
  file: string,
  now: number,
  nativeBinding?: string,
  processId = process.pid,
): OpenDatabase {
  const dataDirectory = path.dirname(file)
  try {
    fs.mkdirSync(dataDirectory, { recursive: true, mode: 0o700 })
  } catch (cause) {
    throw new CoreError(
      'database_unavailable',
      `Cannot create the data directory ${dataDirectory} (${describeFsError(cause)}). Choose a folder you can write to.`,
      { cause },
    )
  }
  const lock = acquireWriterLock(file, now, processId)
  let db: Database.Database | undefined
  try {
    db = new Database(file, nativeBinding === undefined ? {} : { nativeBinding })
    configure(db)
    checkIntegrity(db, file)
    const schemaVersion = migrate(db, now)
    // A bulk sync that crashed left its indexes deferred: build them before anything queries.
    restoreDeferredIndexes(db)
    const createdAt = ensureInstallation(db, now)
    const opened = db
    const close = () => {
      if (opened.open) opened.close()
      lock.release()
    }
    return { db, path: file, schemaVersion, createdAt, close }
  } catch (cause) {
    db?.close()
    lock.release()
    if (cause instanceof CoreError) throw cause
    throw translateSqliteError(cause, file)
  }
}

function configure(db: Database.Database): void {
  db.pragma('busy_timeout = 5000')
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
}

function checkIntegrity(db: Database.Database, file: string): void {
  const rows = db.pragma('quick_check') as { quick_check: string }[] // pragma() is untyped
  const problems = rows.map((row) => row.quick_check).filter((text) => text !== 'ok')
  if (problems.length > 0) {
    throw new CoreError(
      'database_corrupt',
      `The cache ${file} is damaged (${problems.slice(0, 3).join('; ')}). Audit Desk left it untouched: restore it from a backup or move it aside to start a new cache.`,
    )
  }
}

function ensureInstallation(db: Database.Database, now: number): number {
  const read = db.prepare<[], { value: string }>(
    "SELECT value FROM app_meta WHERE key = 'created_at'",
  )
  const existing = read.get()
  if (existing !== undefined) return Number(existing.value)
  const insert = db.prepare<[string, string]>(
    'INSERT OR IGNORE INTO app_meta (key, value) VALUES (?, ?)',
  )
  db.transaction(() => {
    insert.run('installation_id', randomUUID())
    insert.run('created_at', String(now))
  }).immediate()
  return now
}

function translateSqliteError(cause: unknown, file: string): CoreError {
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : ''
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new CoreError(
      'database_corrupt',
      `${file} is not a readable Audit Desk cache (${code}). Audit Desk left it untouched: restore it from a backup or move it aside to start a new cache.`,
      { cause },
    )
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new CoreError(
      'database_locked',
      `The cache ${file} is in use by another Audit Desk process. Close the other window or command, then try again.`,
      { cause },
    )
  }
  return new CoreError(
    'database_unavailable',
    `Cannot open the cache ${file} (${code === '' ? describeFsError(cause) : code}). Check that the folder is writable and the disk is not full.`,
    { cause },
  )
}

function describeFsError(cause: unknown): string {
  if (typeof cause === 'object' && cause !== null && 'code' in cause) return String(cause.code)
  return 'unknown error'
}

/** Bytes the cache occupies on disk: the database file plus its WAL. */
export function databaseSize(file: string): number {
  return [file, `${file}-wal`].reduce((total, name) => {
    try {
      return total + fs.statSync(name).size
    } catch {
      return total
    }
  }, 0)
}
