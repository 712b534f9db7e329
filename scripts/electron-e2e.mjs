#!/usr/bin/env node
// `npm run test:electron`: the opt-in Playwright suite that drives the real Electron app
// (test/electron). It needs the Electron binary and a better-sqlite3 build for Electron, which
// these CI machines cannot download, so it runs only when ELECTRON_E2E=1 and says so otherwise.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')

if (process.env.ELECTRON_E2E !== '1') {
  process.stdout.write(
    'test:electron: skipped. The Electron suite launches the real app, which needs the Electron ' +
      'binary (not downloaded here: ELECTRON_SKIP_BINARY_DOWNLOAD). On a machine that has it, run ' +
      'ELECTRON_E2E=1 npm run test:electron (see test/electron/README.md).\n',
  )
  process.exit(0)
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

// Builds the app, then fetches the binary and the Electron build of better-sqlite3 (first run only).
run('npm', ['run', 'build'])
run(process.execPath, [path.join(root, 'scripts', 'prepare-electron.mjs')])
if (!fs.existsSync(path.join(root, 'out', 'main', 'index.js'))) {
  process.stderr.write('test:electron: the build did not emit out/main/index.js.\n')
  process.exit(1)
}
run('npx', [
  'playwright',
  'test',
  '--config',
  'playwright.electron.config.ts',
  ...process.argv.slice(2),
])
