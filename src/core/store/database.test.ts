import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { CoreError } from '../errors'
import { databaseFileName, openDatabase } from './database'

const now = Date.UTC(2026, 10, 26)

describe('openDatabase', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => {
    temp = makeTempDir()
  })
  afterEach(() => {
    temp.remove()
  })

  it('creates the data directory and a cache in WAL mode with synchronous=FULL and foreign keys', () => {
    const dataDirectory = path.join(temp.dir, 'nested', 'data')
    const opened = openDatabase(dataDirectory, now)
    try {
      expect(opened.path).toBe(path.join(dataDirectory, databaseFileName))
      expect(opened.db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(opened.db.pragma('synchronous', { simple: true })).toBe(2)
      expect(opened.db.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(opened.createdAt).toBe(now)
    } finally {
      opened.close()
    }
  })

  it('keeps the creation time across reopenings', () => {
    openDatabase(temp.dir, now).close()
    const again = openDatabase(temp.dir, now + 60_000)
    expect(again.createdAt).toBe(now)
    again.close()
  })

  it('reports a file that is not a database as corrupt and leaves its bytes untouched', () => {
    const file = path.join(temp.dir, databaseFileName)
    const garbage = Buffer.from(
      'this is not sqlite, but somebody may still need these bytes\n'.repeat(100),
    )
    fs.writeFileSync(file, garbage)
    let error: unknown
    try {
      openDatabase(temp.dir, now)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(CoreError)
    expect((error as CoreError).code).toBe('database_corrupt')
    expect((error as CoreError).message).toContain(file)
    expect((error as CoreError).message).toMatch(/restore it from a backup or move it aside/)
    expect(fs.readFileSync(file).equals(garbage)).toBe(true)
  })

  it('reports an unwritable data directory naming the folder', () => {
    const blocker = path.join(temp.dir, 'file-not-folder')
    fs.writeFileSync(blocker, 'x')
    expect(() => openDatabase(path.join(blocker, 'data'), now)).toThrow(
      /Cannot create the data directory/,
    )
  })
})

describe('openDatabase, one writer per file', () => {
  it('refuses a second writer on the same cache and allows it after the first closes', () => {
    const temp = makeTempDir()
    try {
      const first = openDatabase(temp.dir, now)
      let error: unknown
      try {
        openDatabase(temp.dir, now, undefined, process.ppid)
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(CoreError)
      expect((error as CoreError).code).toBe('database_locked')
      first.close()
      openDatabase(temp.dir, now, undefined, process.ppid).close()
    } finally {
      temp.remove()
    }
  })
})
