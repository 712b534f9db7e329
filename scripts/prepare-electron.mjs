#!/usr/bin/env node
// Run by `npm start` before launching Electron. Two things plain `npm ci` deliberately skips:
// 1. the Electron binary (its install script is blocked by allowScripts so CI never downloads it);
// 2. a better-sqlite3 addon built for Electron's ABI, kept in .electron-native/ so the Node build
//    in node_modules (used by `npm test`, the CLI and browser mode) is never replaced.
// Both need internet on first run; without it, use browser mode: `npm run serve`.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { prepareSqliteForElectron } from './electron-sqlite.mjs'

const require = createRequire(import.meta.url)
const root = path.resolve(import.meta.dirname, '..')
const nativeDirectory = path.join(root, '.electron-native')

function fail(message) {
  process.stderr.write(
    `npm start: ${message}\nWithout Electron, run Audit Desk in a browser: npm run serve\n`,
  )
  process.exit(1)
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: process.env })
  return result.status === 0
}

function ensureElectronBinary() {
  const packageDirectory = path.dirname(require.resolve('electron/package.json'))
  const pathFile = path.join(packageDirectory, 'path.txt')
  if (fs.existsSync(pathFile)) return
  process.stdout.write('Downloading the Electron binary (first run only)…\n')
  if (!run(process.execPath, [path.join(packageDirectory, 'install.js')], packageDirectory)) {
    fail('could not download the Electron binary (this needs internet access on first run).')
  }
}

// The same preparation packaging uses (scripts/electron-sqlite.mjs: a prebuilt binary, else a
// node-gyp build against Electron's headers, its ABI checked), copied where src/main looks in
// development.
function ensureSqliteForElectron() {
  const electronVersion = require('electron/package.json').version
  let prepared
  try {
    prepared = prepareSqliteForElectron({
      electronVersion,
      platform: process.platform,
      arch: process.arch,
    })
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error))
  }
  const target = path.join(nativeDirectory, 'better_sqlite3.node')
  fs.mkdirSync(nativeDirectory, { recursive: true })
  fs.copyFileSync(prepared, target)
}

ensureElectronBinary()
ensureSqliteForElectron()
