// better-sqlite3 for Electron's ABI, obtained while packaging (never at install: `npm ci` keeps the
// Node build that tests, the CLI and browser mode load). The packaged app loads it from
// resources/native/better_sqlite3.node (src/main/native-binding.ts), so node_modules is untouched.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const root = path.resolve(import.meta.dirname, '..')

/** electron-builder's `${os}` names (the folder electron-builder.yml's extraResources reads). */
const builderOs = { darwin: 'mac', mas: 'mac', linux: 'linux', win32: 'win' }

/** Where the addon for one target waits for electron-builder's extraResources step. */
export function nativeAddonDirectory(electronPlatformName, archName) {
  const os = builderOs[electronPlatformName]
  if (os === undefined) throw new Error(`no better-sqlite3 build for ${electronPlatformName}`)
  return path.join(root, '.cache', 'electron-native', `${os}-${archName}`)
}

function run(command, args, cwd, env = process.env) {
  return spawnSync(command, args, { cwd, stdio: 'inherit', env }).status === 0
}

/**
 * The Node module ABI an addon was compiled for (its `node_register_module_v<N>` symbol), or
 * undefined when the name is not in the file (Windows builds may not carry it).
 */
export function addonAbi(addon) {
  const match = /node_register_module_v(\d+)/.exec(addon.toString('latin1'))
  return match?.[1] === undefined ? undefined : Number(match[1])
}

/** Throws unless the addon was built for Electron's ABI (a wrong one crashes the app at start). */
function checkAbi(file, electronVersion) {
  const nodeAbi = createRequire(require.resolve('prebuild-install/package.json'))('node-abi')
  const expected = Number(nodeAbi.getAbi(electronVersion, 'electron'))
  const found = addonAbi(fs.readFileSync(file))
  if (found !== undefined && found !== expected) {
    throw new Error(
      `better-sqlite3 was built for ABI ${String(found)}, not Electron ${electronVersion}'s ` +
        `${String(expected)} (is npm's nodedir set? node-gyp then uses those headers).`,
    )
  }
}

/**
 * Puts better_sqlite3.node built for `electronVersion` on `platform`/`arch` into
 * nativeAddonDirectory: a prebuilt binary from the better-sqlite3 releases, or (same platform
 * only) a node-gyp build. Kept between runs, keyed by the versions. Needs internet the first time.
 */
export function prepareSqliteForElectron({ electronVersion, platform, arch }) {
  if (arch === 'universal') throw new Error('universal macOS builds are not configured')
  const sqliteVersion = require('better-sqlite3/package.json').version
  const outputDirectory = nativeAddonDirectory(platform, arch)
  const target = path.join(outputDirectory, 'better_sqlite3.node')
  const stampFile = path.join(outputDirectory, 'stamp.txt')
  const stamp = `${electronVersion} ${sqliteVersion} ${platform} ${arch}`
  if (
    fs.existsSync(target) &&
    fs.existsSync(stampFile) &&
    fs.readFileSync(stampFile, 'utf8') === stamp
  )
    return target
  const workDirectory = path.join(root, '.cache', `better-sqlite3-package-${platform}-${arch}`)
  fs.rmSync(workDirectory, { recursive: true, force: true })
  fs.cpSync(path.dirname(require.resolve('better-sqlite3/package.json')), workDirectory, {
    recursive: true,
    filter: (source) => path.basename(source) !== 'build',
  })
  const prebuild = path.join(
    path.dirname(require.resolve('prebuild-install/package.json')),
    'bin.js',
  )
  const abi = ['--runtime', 'electron', '--target', electronVersion, '--arch', arch]
  const downloaded = run(
    process.execPath,
    [prebuild, ...abi, '--platform', platform],
    workDirectory,
  )
  const nodeGyp = process.env.npm_config_node_gyp
  // A configured nodedir would make node-gyp compile against Node's headers, not Electron's.
  const gypEnvironment = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name.toLowerCase() !== 'npm_config_nodedir'),
  )
  const built =
    downloaded ||
    (platform === process.platform &&
      nodeGyp !== undefined &&
      run(
        process.execPath,
        [
          nodeGyp,
          'rebuild',
          '--release',
          `--target=${electronVersion}`,
          `--arch=${arch}`,
          '--dist-url=https://electronjs.org/headers',
          '--runtime=electron',
        ],
        workDirectory,
        gypEnvironment,
      ))
  const addon = path.join(workDirectory, 'build', 'Release', 'better_sqlite3.node')
  if (!built || !fs.existsSync(addon)) {
    throw new Error(
      `could not obtain better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} on ` +
        `${platform}-${arch}: packaging needs internet access on first run (run it through npm, ` +
        'e.g. `npm run package`, so node-gyp is found when no prebuilt binary exists).',
    )
  }
  checkAbi(addon, electronVersion)
  fs.mkdirSync(outputDirectory, { recursive: true })
  fs.copyFileSync(addon, target)
  fs.writeFileSync(stampFile, stamp)
  return target
}
