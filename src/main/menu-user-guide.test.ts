import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { findUserGuide, isInsideAsar, userGuideCandidates } from './menu-user-guide'

const directories: string[] = []
afterEach(() => {
  for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true })
})

describe('user guide location', () => {
  it('prefers the docs shipped in the resources folder of an installed app', () => {
    const resources = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-'))
    directories.push(resources)
    fs.mkdirSync(path.join(resources, 'docs'))
    fs.writeFileSync(path.join(resources, 'docs', 'README.md'), '# Audit Desk')
    const appPath = path.join(resources, 'app.asar')
    expect(findUserGuide({ appPath, resourcesPath: resources }, fs.existsSync)).toBe(
      path.join(resources, 'docs', 'README.md'),
    )
  })

  it('uses the README of a development checkout', () => {
    const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-'))
    directories.push(checkout)
    fs.writeFileSync(path.join(checkout, 'README.md'), '# Audit Desk')
    const locations = { appPath: checkout, resourcesPath: path.join(checkout, 'no-resources') }
    expect(findUserGuide(locations, fs.existsSync)).toBe(path.join(checkout, 'README.md'))
  })

  it('never offers a file inside an asar archive, which the system viewer cannot open', () => {
    const locations = { appPath: '/opt/Audit Desk/resources/app.asar', resourcesPath: '/opt/r' }
    expect(userGuideCandidates(locations)).toEqual([path.join('/opt/r', 'docs', 'README.md')])
    expect(isInsideAsar('C:\\Apps\\Audit Desk\\resources\\app.ASAR\\README.md')).toBe(true)
    expect(isInsideAsar('/home/ana/audit.asarx/README.md')).toBe(false)
  })

  it('finds nothing when no guide is shipped', () => {
    expect(
      findUserGuide({ appPath: '/nowhere/app', resourcesPath: '/nowhere/r' }, () => false),
    ).toBe(undefined)
  })
})
