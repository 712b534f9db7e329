import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../test/helpers/temp-dir'
import { directorySize } from './directory-size'

describe('the data directory’s size', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => {
    temp = makeTempDir()
    fs.writeFileSync(path.join(temp.dir, 'cache.sqlite'), Buffer.alloc(1000))
    fs.mkdirSync(path.join(temp.dir, 'demo'))
    fs.writeFileSync(path.join(temp.dir, 'demo', 'org.sqlite'), Buffer.alloc(234))
  })
  afterEach(() => {
    temp.remove()
  })

  it('adds up every file under the directory', () => {
    expect(directorySize(temp.dir)).toEqual({ bytes: 1234, isPartial: false })
  })

  it('says so when the bound on entries cut the walk short', () => {
    expect(directorySize(temp.dir, 1).isPartial).toBe(true)
  })

  it('is zero for a directory that does not exist', () => {
    expect(directorySize(path.join(temp.dir, 'missing'))).toEqual({ bytes: 0, isPartial: false })
  })
})
