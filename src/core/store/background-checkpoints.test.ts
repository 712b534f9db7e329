import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { startBackgroundCheckpoints } from './background-checkpoints'

let temp: ReturnType<typeof makeTempDir>
let db: Database.Database
let file: string

beforeEach(() => {
  temp = makeTempDir()
  file = path.join(temp.dir, 'cache.sqlite')
  db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.exec('CREATE TABLE t (x TEXT)')
})

afterEach(() => {
  if (db.open) db.close()
  temp.remove()
})

const threshold = () => db.pragma('wal_autocheckpoint', { simple: true })

function write(megabytes: number): void {
  const insert = db.prepare('INSERT INTO t VALUES (?)')
  for (let commit = 0; commit < megabytes * 4; commit++) {
    db.transaction(() => {
      for (let row = 0; row < 64; row++) insert.run('x'.repeat(4000))
    })()
  }
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return true
}

describe('background checkpoints', () => {
  it('copies committed pages into the database file from another thread', async () => {
    const checkpoints = startBackgroundCheckpoints(db, { intervalMs: 10 })
    // The writer's own threshold is raised to 64 MB (16,384 pages of 4 KB): it no longer
    // checkpoints 4 MB of writes itself.
    expect(threshold()).toBe(16_384)
    write(4)
    expect(await until(() => fs.statSync(file).size > 3 * 1024 * 1024)).toBe(true)
    await checkpoints.stop()
    expect(threshold()).toBe(1000)
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1024)
  })

  it('control: with no checkpoint at all, the database file does not grow', () => {
    db.pragma('wal_autocheckpoint = 0')
    write(4)
    expect(fs.statSync(file).size).toBeLessThan(1024 * 1024) // nothing copied back: the control
  })

  it('does nothing for an in-memory database', async () => {
    const memory = new Database(':memory:')
    const checkpoints = startBackgroundCheckpoints(memory)
    await checkpoints.stop()
    expect(memory.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    memory.close()
  })
})
