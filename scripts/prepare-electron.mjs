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

const require = createRequire(import.meta.url)
const root = path.resolve(import.meta.dirname, '..')
const nativeDirectory = path.join(root, '.electron-native')
const workDirectory = path.join(root, '.cache', 'better-sqlite3-electron')

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

function ensureSqliteForElectron() {
  const electronVersion = require('electron/package.json').version
  const sqliteVersion = require('better-sqlite3/package.json').version
  const stamp = `${electronVersion} ${sqliteVersion} ${process.platform} ${process.arch}`
  const stampFile = path.join(nativeDirectory, 'stamp.txt')
  const target = path.join(nativeDirectory, 'better_sqlite3.node')
  if (
    fs.existsSync(target) &&
    fs.existsSync(stampFile) &&
    fs.readFileSync(stampFile, 'utf8') === stamp
  )
    return
  process.stdout.write(
    `Preparing better-sqlite3 ${sqliteVersion} for Electron ${electronVersion}…\n`,
  )
  fs.rmSync(workDirectory, { recursive: true, force: true })
  fs.cpSync(path.dirname(require.resolve('better-sqlite3/package.json')), workDirectory, {
    recursive: true,
    filter: (source) =>
      !source.includes(`${path.sep}build${path.sep}`) && !source.endsWith(`${path.sep}build`),
  })
  const prebuild = path.join(
    path.dirname(require.resolve('prebuild-install/package.json')),
    'bin.js',
  )
  const abiArgs = ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch]
  const downloaded = run(process.execPath, [prebuild, ...abiArgs], workDirectory)
  const nodeGyp = process.env.npm_config_node_gyp
  const built =
    downloaded ||
    (nodeGyp !== undefined &&
      run(
        process.execPath,
        [
          nodeGyp,
          'rebuild',
          '--release',
          `--target=${electronVersion}`,
          '--dist-url=https://electronjs.org/headers',
          '--runtime=electron',
        ],
        workDirectory,
      ))
  const addon = path.join(workDirectory, 'build', 'Release', 'better_sqlite3.node')
  if (!built || !fs.existsSync(addon))
    fail('could not obtain better-sqlite3 for Electron (needs internet access).')
  fs.mkdirSync(nativeDirectory, { recursive: true })
  fs.copyFileSync(addon, target)
  fs.writeFileSync(stampFile, stamp)
}

ensureElectronBinary()
ensureSqliteForElectron()
