import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../test/helpers/temp-dir'
import { readStaticFile } from './static-files'

describe('readStaticFile', () => {
  let temp: ReturnType<typeof makeTempDir>
  let root: string
  beforeAll(() => {
    temp = makeTempDir()
    root = path.join(temp.dir, 'renderer')
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true })
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>')
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'export {}')
    fs.writeFileSync(path.join(temp.dir, 'secret.html'), 'outside')
    fs.symlinkSync(path.join(temp.dir, 'secret.html'), path.join(root, 'link.html'))
  })
  afterAll(() => {
    temp.remove()
  })

  it('serves index.html for / and files below the root with their content type', () => {
    expect(readStaticFile(root, '/')?.contentType).toBe('text/html; charset=utf-8')
    expect(readStaticFile(root, '/assets/app.js')?.body.toString()).toBe('export {}')
  })

  it.each([
    '/../secret.html',
    '/assets/../../secret.html',
    '/%2e%2e/secret.html',
    '/assets%2f..%2f..%2fsecret.html',
    '/..%5csecret.html',
    '/index.html%00.js',
    '/link.html',
    '/%E0%A4%A',
    '/assets',
    '/missing.js',
    '/index.unknownext',
  ])('refuses %s', (urlPath) => {
    expect(readStaticFile(root, urlPath)).toBeUndefined()
  })
})
