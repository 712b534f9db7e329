import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test as base } from '@playwright/test'

/** A running `audit-desk serve` (the built CLI) over its own temp data directory. */
export type BrowserMode = { url: string; origin: string; dataDirectory: string }

const root = path.resolve(import.meta.dirname, '..', '..')

/** Starts the built CLI in browser mode and resolves once it has printed its URL. */
export async function startBrowserMode(
  dataDirectory: string,
  extraArgs: readonly string[] = [],
): Promise<{ mode: BrowserMode; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [path.join(root, 'bin', 'audit-desk.js'), 'serve', '--data-dir', dataDirectory, ...extraArgs],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const url = await readUrl(child)
  const stop = async () => {
    if (child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
  return { mode: { url, origin: new URL(url).origin, dataDirectory }, stop }
}

function readUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => {
      reject(new Error(`audit-desk serve printed no URL within 20 s: ${output}`))
    }, 20_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const match = /Open: (\S+)/.exec(output)
      if (match?.[1] !== undefined) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`audit-desk serve exited with ${String(code)}: ${output}`))
    })
  })
}

/** Playwright fixture: each test gets its own data directory and its own browser-mode server. */
export const test = base.extend<{ dataDirectory: string; browserMode: BrowserMode }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the fixtures argument to be destructured
  dataDirectory: async ({}, use) => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-desk-e2e-'))
    await use(directory)
    fs.rmSync(directory, { recursive: true, force: true })
  },
  browserMode: async ({ dataDirectory }, use) => {
    // A small demo organization keeps the first-run path quick on slow CI machines.
    const { mode, stop } = await startBrowserMode(dataDirectory, [
      '--demo-audit-events',
      '4000',
      '--demo-request-logs',
      '6000',
    ])
    await use(mode)
    await stop()
  },
})

export { expect } from '@playwright/test'

/** Where e2e screenshots go for people to look at. */
export const screenshotPath = (name: string): string =>
  path.join(root, 'test-results', 'screenshots', `${name}.png`)
