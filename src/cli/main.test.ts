import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../test/helpers/temp-dir'
import { rawRequest } from '../../test/helpers/http'
import { fakeIo, type FakeIo } from '../../test/helpers/fake-io'
import { runCli } from './main'
import { appVersion } from '../core/app-version'

describe('audit-desk CLI', () => {
  let temp: ReturnType<typeof makeTempDir>
  let renderer: string
  beforeEach(() => {
    temp = makeTempDir()
    renderer = path.join(temp.dir, 'renderer')
    fs.mkdirSync(renderer)
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html>')
  })
  afterEach(() => {
    temp.remove()
  })

  it('prints the version with --version and exits 0', async () => {
    const io = fakeIo(renderer)
    expect(await runCli(['--version'], io)).toBe(0)
    expect(io.out.join('')).toBe(`${appVersion}\n`)
  })

  it('lists the commands with --help, and exits 2 with the list when called bare', async () => {
    const help = fakeIo(renderer)
    expect(await runCli(['--help'], help)).toBe(0)
    expect(help.out.join('')).toMatch(/serve\s+Run Audit Desk in your browser/)
    expect(await runCli([], fakeIo(renderer))).toBe(2)
  })

  it('exits 2 with one line on stderr for an unknown command or option', async () => {
    const unknown = fakeIo(renderer)
    expect(await runCli(['destroy'], unknown)).toBe(2)
    expect(unknown.err).toEqual([
      `audit-desk: unknown command "destroy". Run 'audit-desk --help' for the list.\n`,
    ])
    const badOption = fakeIo(renderer)
    expect(await runCli(['serve', '--colour'], badOption)).toBe(2)
    expect(badOption.err).toHaveLength(1)
    expect(badOption.err[0]).toMatch(/^audit-desk serve: Unknown option '--colour'.*--help'\.\n$/)
  })

  it('shows a command help with --help and exits 0 without running it', async () => {
    const io = fakeIo(path.join(temp.dir, 'missing'))
    expect(await runCli(['serve', '--help'], io)).toBe(0)
    expect(io.out.join('')).toMatch(/^Usage: audit-desk serve/)
  })

  it('exits 1 with one clear line when the renderer is not built', async () => {
    const io = fakeIo(path.join(temp.dir, 'missing'))
    expect(await runCli(['serve', '--data-dir', path.join(temp.dir, 'd')], io)).toBe(1)
    expect(io.err).toHaveLength(1)
    expect(io.err[0]).toMatch(
      /^audit-desk serve: The renderer is not built .* Run `npm run build` first\.\n$/,
    )
  })

  it('serves until stopped, printing a tokened URL that answers, then exits 0', async () => {
    const io = fakeIo(renderer)
    const exit = runCli(['serve', '--data-dir', path.join(temp.dir, 'data')], io)
    const url = await waitForUrl(io)
    expect((await rawRequest(url)).status).toBe(303)
    expect(io.out.join('')).toContain(`Data directory: ${path.join(temp.dir, 'data')}`)
    io.stop('SIGINT')
    expect(await exit).toBe(0)
  })

  it('uses AUDIT_DESK_DATA_DIR when --data-dir is absent', async () => {
    const io = fakeIo(renderer, { AUDIT_DESK_DATA_DIR: path.join(temp.dir, 'from-env') })
    const exit = runCli(['serve'], io)
    await waitForUrl(io)
    io.stop('SIGTERM')
    expect(await exit).toBe(0)
    expect(fs.existsSync(path.join(temp.dir, 'from-env', 'audit-desk.sqlite'))).toBe(true)
  })
})

describe('audit-desk demo-server', () => {
  it('serves a demo organization with the printed key until stopped', async () => {
    const io = fakeIo('/nonexistent')
    const exit = runCli(
      ['demo-server', '--audit-events', '1500', '--request-logs', '1500', '--days', '5'],
      io,
    )
    const url = await waitFor(io, /URL: (\S+)/)
    const key = await waitFor(io, /API key \(audit_logs:read\): (\S+)/)
    const response = await fetch(`${url}/v1/organization`, {
      headers: { Authorization: `Bearer ${key}` },
    })
    expect(response.status).toBe(200)
    io.stop('SIGINT')
    expect(await exit).toBe(0)
  })

  it('exits 2 naming the bad part of --faults', async () => {
    const io = fakeIo('/nonexistent')
    expect(await runCli(['demo-server', '--faults', 'error-rate=2'], io)).toBe(2)
    expect(io.err.join('')).toMatch(
      /--faults: Fault "error-rate=2": the value must be a number from 0 to 1\. Run/,
    )
  })
})

async function waitFor(io: FakeIo, pattern: RegExp): Promise<string> {
  for (let attempt = 0; attempt < 3000; attempt += 1) {
    const match = pattern.exec(io.out.join(''))
    if (match?.[1] !== undefined) return match[1]
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`no output matching ${String(pattern)}: ${io.out.join('')} ${io.err.join('')}`)
}

async function waitForUrl(io: FakeIo): Promise<string> {
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const match = /Open: (\S+)/.exec(io.out.join(''))
    if (match?.[1] !== undefined) return match[1]
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`serve printed no URL: ${io.out.join('')} ${io.err.join('')}`)
}
