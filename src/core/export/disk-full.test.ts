// A full disk: a 256 KiB tmpfs mounted for the test (needs root; skipped with the reason printed
// where mounting is not permitted). The export must fail naming the path and the cause, and leave
// neither a partial file nor a temp file, nor touch an older file.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { plainOptions, seededCache } from './export-test-support'
import { openSnapshot } from './snapshot'
import { writeEvents } from './write-events'

function tryMount(dir: string): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: mounting a tmpfs needs root'
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir], { stdio: 'pipe' })
    return undefined
  } catch (error) {
    return `mount -t tmpfs failed: ${error instanceof Error ? error.message : String(error)}`
  }
}

// Hex digests barely compress, so even the zipped XLSX outgrows 256 KiB.
const digest = (text: string) => createHash('sha256').update(text).digest('hex')
const cache = seededCache(3000, (seq) => ({
  user_agent: [1, 2, 3, 4].map((part) => digest(`${String(seq)}/${String(part)}`)).join(''),
}))
const mountPoint = cache.out('small-disk')
fs.mkdirSync(mountPoint)
const notMounted = tryMount(mountPoint)
if (notMounted !== undefined) console.warn(`disk-full tests skipped: ${notMounted}`)

describe.skipIf(notMounted !== undefined)('an export onto a full disk', () => {
  beforeAll(() => {
    fs.writeFileSync(path.join(mountPoint, 'older.csv'), 'older export')
  })
  afterAll(() => {
    execFileSync('umount', [mountPoint])
    cache.remove()
  })

  it.each(['csv', 'xlsx', 'jsonl'] as const)(
    '%s: fails with export_write_failed naming the path and "disk is full", leaving nothing',
    async (format) => {
      const target = path.join(mountPoint, `events.${format}`)
      const snapshot = openSnapshot(cache.file)
      try {
        await expect(
          writeEvents({
            snapshot,
            stream: 'audit-events',
            filter: {},
            targets: [{ format, path: target, options: plainOptions }],
          }),
        ).rejects.toMatchObject({
          code: 'export_write_failed',
          message: `Could not write ${target}: the disk is full (ENOSPC). Free space or choose another folder; nothing was written.`,
        })
      } finally {
        snapshot.close()
      }
      expect(fs.readdirSync(mountPoint)).toEqual(['older.csv'])
      expect(fs.readFileSync(path.join(mountPoint, 'older.csv'), 'utf8')).toBe('older export')
    },
  )
})

if (notMounted !== undefined) {
  // Vitest needs a test in the file even when the suite above is skipped.
  describe('an export onto a full disk (skipped)', () => {
    afterAll(() => {
      cache.remove()
    })
    it.skip(`needs a small tmpfs: ${notMounted}`, () => undefined)
  })
}
