import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../test/helpers/temp-dir'
import { makeTestCore } from '../../test/helpers/test-core'
import { databaseFileName } from './store/database'

describe('createCore', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => {
    temp = makeTempDir()
  })
  afterEach(() => {
    temp.remove()
  })

  it('starts with a damaged cache and reports it through app.info instead of replacing it', async () => {
    const file = path.join(temp.dir, databaseFileName)
    fs.writeFileSync(
      file,
      'not a database at all, and long enough to look like a header '.repeat(20),
    )
    const { core } = makeTestCore(temp.dir)
    const info = await core.handlers['app.info']({})
    core.close()
    expect(info.database).toMatchObject({
      state: 'unavailable',
      code: 'database_corrupt',
      path: file,
    })
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^not a database/)
  })

  it('reports the size of the cache on disk', async () => {
    const { core } = makeTestCore(temp.dir)
    const info = await core.handlers['app.info']({})
    core.close()
    expect(info.database.state).toBe('ready')
    if (info.database.state === 'ready') expect(info.database.sizeBytes).toBeGreaterThan(0)
  })
})
