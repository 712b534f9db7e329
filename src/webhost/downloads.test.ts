import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { downloadContentType, resolveDownload } from './downloads'

describe('resolveDownload', () => {
  let root: string
  let folder: string
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'downloads-'))
    folder = path.join(root, 'exports')
    fs.mkdirSync(folder)
    fs.writeFileSync(path.join(folder, 'audit-events-20261126T190512Z.csv'), 'a\r\n')
    fs.writeFileSync(path.join(folder, '.audit-events.csv.partial-ab12'), 'partial')
    fs.writeFileSync(path.join(root, 'secret.txt'), 'outside')
    fs.mkdirSync(path.join(folder, 'nested'))
  })
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true })
  })

  it('serves a file the core saved in the exports folder', () => {
    expect(resolveDownload(folder, '/exports/download/audit-events-20261126T190512Z.csv')).toBe(
      path.join(folder, 'audit-events-20261126T190512Z.csv'),
    )
  })

  it.each([
    '/exports/download/..%2Fsecret.txt',
    '/exports/download/%2E%2E/secret.txt',
    '/exports/download/../secret.txt',
    '/exports/download/.audit-events.csv.partial-ab12',
    '/exports/download/nested',
    '/exports/download/missing.csv',
    '/exports/download/%E0%A4%A',
    '/exports/download/',
    '/other/audit-events-20261126T190512Z.csv',
  ])('refuses %s', (pathname) => {
    expect(resolveDownload(folder, pathname)).toBeUndefined()
  })

  it('refuses a symbolic link even when it points at a file', () => {
    fs.symlinkSync(path.join(root, 'secret.txt'), path.join(folder, 'link.csv'))
    expect(resolveDownload(folder, '/exports/download/link.csv')).toBeUndefined()
  })

  it('names the content type of each export format', () => {
    expect(downloadContentType('a.csv')).toBe('text/csv; charset=utf-8')
    expect(downloadContentType('a.zip')).toBe('application/zip')
    expect(downloadContentType('a.bin')).toBe('application/octet-stream')
  })
})
