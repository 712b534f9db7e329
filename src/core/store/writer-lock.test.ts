import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { acquireWriterLock } from './writer-lock'

describe('writer lock', () => {
  let temp: ReturnType<typeof makeTempDir>
  let file: string
  beforeEach(() => {
    temp = makeTempDir()
    file = path.join(temp.dir, 'cache.sqlite')
  })
  afterEach(() => {
    temp.remove()
  })

  it('refuses a second writer while the first holds the lock, naming the holder', () => {
    const first = acquireWriterLock(file, 0)
    const otherLivePid = process.ppid
    expect(() => acquireWriterLock(file, 0, otherLivePid)).toThrow(
      /in use by another Audit Desk process \(pid \d+/,
    )
    first.release()
    acquireWriterLock(file, 0, otherLivePid).release()
  })

  it('takes over a lock left by a process that no longer runs', () => {
    fs.writeFileSync(
      `${file}.lock`,
      JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), since: 0 }),
    )
    const lock = acquireWriterLock(file, 0)
    expect(JSON.parse(fs.readFileSync(`${file}.lock`, 'utf8'))).toMatchObject({ pid: process.pid })
    lock.release()
    expect(fs.existsSync(`${file}.lock`)).toBe(false)
  })

  it('refuses, naming the file to delete, when the lock file cannot be read', () => {
    fs.writeFileSync(`${file}.lock`, 'garbage')
    expect(() => acquireWriterLock(file, 0)).toThrow(/cannot be read.*delete that file/)
  })

  it('leaves no temporary files behind', () => {
    acquireWriterLock(file, 0).release()
    expect(fs.readdirSync(temp.dir)).toEqual([])
  })
})
