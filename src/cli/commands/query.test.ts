import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fakeIo } from '../../../test/helpers/fake-io'
import { seededCache } from '../../core/export/export-test-support'
import { openDatabaseFile } from '../../core/store/database'
import { addSecondOrganization } from '../connection-test-support'
import { runCli } from '../main'

describe('audit-desk query', () => {
  let cache: ReturnType<typeof seededCache>
  beforeEach(() => {
    cache = seededCache(3)
    cache.opened.close() // the command opens the cache itself, as it would from a shell
  })
  afterEach(() => {
    cache.remove()
  })

  const ids = (out: string[]) =>
    out
      .join('')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id)

  it('reads the only organization of a cache without --connection', async () => {
    const io = fakeIo(cache.dir)
    expect(await runCli(['query', '--db', cache.file, '--format', 'jsonl'], io)).toBe(0)
    expect(ids(io.out)).toEqual(['evt_000003', 'evt_000002', 'evt_000001'])
  })

  describe('on a cache holding two organizations', () => {
    let globex: string
    beforeEach(() => {
      const opened = openDatabaseFile(cache.file, 0)
      try {
        globex = addSecondOrganization(opened, 2)
      } finally {
        opened.close()
      }
    })

    it('without --connection is a usage error naming both organizations', async () => {
      const io = fakeIo(cache.dir)
      expect(await runCli(['query', '--db', cache.file], io)).toBe(2)
      const err = io.err.join('')
      expect(err).toContain(`${cache.connectionId} (Acme at http://127.0.0.1:1)`)
      expect(err).toContain(`${globex} (Globex at http://127.0.0.1:2)`)
      expect(io.out).toEqual([])
    })

    it('with --connection prints only that organization', async () => {
      const io = fakeIo(cache.dir)
      const args = ['query', '--db', cache.file, '--format', 'jsonl', '--connection', globex]
      expect(await runCli(args, io)).toBe(0)
      expect(ids(io.out)).toEqual(['glx_000002', 'glx_000001'])
    })
  })

  it('documents --connection in its help', async () => {
    const io = fakeIo(cache.dir)
    expect(await runCli(['query', '--help'], io)).toBe(0)
    expect(io.out.join('')).toMatch(/--connection ID/)
  })
})
