// The packaging configuration, checked without the Electron binary: electron-builder's own schema,
// the targets, what goes into app.asar, the hooks, the icons and the fuse choice (flipped on a
// synthetic fuse wire, as @electron/fuses does on the real binary).
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { Ajv } from 'ajv'
import { afterEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { fuseConfig, fuseSettings, setFuses } from '../scripts/electron-fuses.mjs'
import { addonAbi, nativeAddonDirectory } from '../scripts/electron-sqlite.mjs'

const root = path.resolve(import.meta.dirname, '..')
/** Fuse wire bytes as Electron stores them (@electron/fuses FuseState, not exported): '1', '0'. */
const FuseState = { ENABLE: 0x31, DISABLE: 0x30 } as const
const require = createRequire(import.meta.url)

type FileSet = string | { from: string; to: string; filter?: string[] }
type BuilderConfig = {
  files: string[]
  extraResources: FileSet[]
  asar: boolean
  npmRebuild: boolean
  beforePack: string
  afterPack: string
  directories: { buildResources: string; output: string }
  linux: { target: string[]; icon: string }
  mac: { target: string[]; icon: string }
  win: { target: string[]; icon: string }
}

function loadConfig(): BuilderConfig {
  // The YAML's shape is what electron-builder's schema accepts (checked by the first test).
  return parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig
}

function pngSize(file: string): { width: number; height: number } {
  const data = fs.readFileSync(file)
  expect(data.subarray(1, 4).toString('ascii')).toBe('PNG')
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) }
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration schema, which rejects an unknown key", () => {
    const builderRequire = createRequire(require.resolve('electron-builder/package.json'))
    const scheme: unknown = builderRequire('app-builder-lib/scheme.json')
    const validate = new Ajv({ allErrors: true, strict: false }).compile(scheme as object)
    expect(validate(loadConfig()), JSON.stringify(validate.errors)).toBe(true)
    expect(validate({ ...loadConfig(), asarr: true })).toBe(false)
  })

  it('builds AppImage and deb, dmg, and nsis, with asar, icons from build/', () => {
    const config = loadConfig()
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.mac.target).toEqual(['dmg'])
    expect(config.win.target).toEqual(['nsis'])
    expect(config.asar).toBe(true)
    expect(config.directories.buildResources).toBe('build')
    for (const icon of [config.linux.icon, config.mac.icon, config.win.icon])
      expect(fs.existsSync(path.join(root, icon)), icon).toBe(true)
  })

  it('packs only the built app, never sources, tests or caches', () => {
    const included = loadConfig().files.filter((pattern) => !pattern.startsWith('!'))
    expect(included).toEqual([
      'package.json',
      'out/main/**',
      'out/preload/**',
      'out/renderer/**',
      'resources/icon.png',
    ])
    // The window icon src/main/index.ts loads from the app path must be among them.
    expect(fs.readFileSync(path.join(root, 'src/main/index.ts'), 'utf8')).toContain(
      "'resources', 'icon.png'",
    )
  })

  it('never rebuilds node_modules; better-sqlite3 for Electron comes from the beforePack hook', () => {
    const config = loadConfig()
    expect(config.npmRebuild).toBe(false)
    const addon = config.extraResources.find(
      (set) => typeof set !== 'string' && set.to === 'native/better_sqlite3.node',
    )
    if (addon === undefined || typeof addon === 'string') throw new Error('no addon resource')
    // The hook writes where the config reads, for electron-builder's ${os}-${arch} names.
    for (const [platform, os, arch] of [
      ['linux', 'linux', 'x64'],
      ['darwin', 'mac', 'arm64'],
      ['win32', 'win', 'x64'],
    ] as const) {
      const expanded = addon.from.replace('${os}', os).replace('${arch}', arch)
      expect(path.join(root, path.dirname(expanded))).toBe(nativeAddonDirectory(platform, arch))
    }
    const prepare = fs.readFileSync(path.join(root, 'package.json'), 'utf8')
    expect(prepare).not.toMatch(/"(postinstall|install)":/)
  })

  it("tells a Node build of better-sqlite3 from an Electron one by the addon's ABI", () => {
    // The Node build in node_modules (what a misconfigured node-gyp would hand the packager).
    const nodeBuild = fs.readFileSync(
      path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
    )
    expect(addonAbi(nodeBuild)).toBe(Number(process.versions.modules))
    expect(addonAbi(Buffer.from('\0node_register_module_v140\0'))).toBe(140)
    expect(addonAbi(Buffer.from('no symbol here'))).toBeUndefined()
  })

  it('names hooks that exist and export beforePack and afterPack', async () => {
    const config = loadConfig()
    for (const name of ['beforePack', 'afterPack'] as const) {
      const hooks = (await import(path.join(root, config[name]))) as Record<string, unknown>
      expect(typeof hooks[name], name).toBe('function')
    }
  })
})

describe('icons in build/', () => {
  it('has a 1024 px icon.png and the Linux set at the size each name says', () => {
    expect(pngSize(path.join(root, 'build/icon.png'))).toEqual({ width: 1024, height: 1024 })
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
      const file = path.join(root, `build/icons/${String(size)}x${String(size)}.png`)
      expect(pngSize(file)).toEqual({ width: size, height: size })
    }
  })

  it('has an icon.ico with sizes 16 to 256', () => {
    const data = fs.readFileSync(path.join(root, 'build/icon.ico'))
    expect(data.readUInt16LE(2)).toBe(1) // type 1: icon
    const count = data.readUInt16LE(4)
    const sizes = Array.from({ length: count }, (_, index) => data[6 + index * 16] ?? -1)
    expect(sizes.map((size) => (size === 0 ? 256 : size))).toEqual([16, 24, 32, 48, 64, 128, 256])
  })

  it('has an icon.icns whose entries are PNGs of the sizes their types promise', () => {
    const data = fs.readFileSync(path.join(root, 'build/icon.icns'))
    expect(data.subarray(0, 4).toString('ascii')).toBe('icns')
    expect(data.readUInt32BE(4)).toBe(data.length)
    const expected: Record<string, number> = {
      ...{ icp4: 16, icp5: 32, icp6: 64, ic07: 128, ic08: 256, ic09: 512, ic10: 1024 },
      ...{ ic11: 32, ic12: 64, ic13: 256, ic14: 512 },
    }
    const seen: string[] = []
    for (let offset = 8; offset < data.length;) {
      const type = data.subarray(offset, offset + 4).toString('ascii')
      const length = data.readUInt32BE(offset + 4)
      const png = data.subarray(offset + 8, offset + length)
      expect(png.readUInt32BE(16), type).toBe(expected[type])
      seen.push(type)
      offset += length
    }
    expect(seen.sort()).toEqual(Object.keys(expected).sort())
  })
})

describe('Electron fuses', () => {
  const directories: string[] = []
  afterEach(() => {
    for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true })
  })

  it('turns RunAsNode, NODE_OPTIONS, inspect and file:// privileges off; cookie encryption, asar integrity, asar-only on', () => {
    const config = fuseConfig({ resetAdHocDarwinSignature: false })
    expect(config[FuseV1Options.RunAsNode]).toBe(false)
    expect(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false)
    expect(config[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false)
    expect(config[FuseV1Options.EnableCookieEncryption]).toBe(true)
    expect(config[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true)
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true)
    // The renderer is served on app://audit-desk/, so file:// pages need no extra privileges.
    expect(config[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false)
    expect(Object.keys(fuseSettings)).toHaveLength(7)
  })

  /** A file holding an Electron-style fuse wire (sentinel, version 1, 8 fuses all enabled). */
  function fakeBinary(file: string): void {
    const wire = Buffer.from([1, 8, ...Array<number>(8).fill(FuseState.ENABLE)])
    const sentinel = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX', 'ascii')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, Buffer.concat([Buffer.alloc(64, 7), sentinel, wire, Buffer.alloc(64)]))
  }

  it.each([
    ['linux', 'audit-desk'],
    ['win32', 'Audit Desk.exe'],
  ])('flips the wire of the packaged %s executable', async (platform, executable) => {
    const appOutDir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-desk-fuses-'))
    directories.push(appOutDir)
    fakeBinary(path.join(appOutDir, executable))
    const packager = { appInfo: { productFilename: 'Audit Desk' }, executableName: 'audit-desk' }
    await setFuses({ appOutDir, electronPlatformName: platform, packager }, 'x64')
    const wire = await getCurrentFuseWire(path.join(appOutDir, executable))
    const state = (option: FuseV1Options) => wire[option]
    expect(state(FuseV1Options.RunAsNode)).toBe(FuseState.DISABLE)
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe(FuseState.ENABLE)
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(FuseState.DISABLE)
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe(FuseState.DISABLE)
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(FuseState.ENABLE)
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe(FuseState.ENABLE)
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(FuseState.DISABLE)
  })

  it('refuses a platform it cannot place the executable for', async () => {
    const packager = { appInfo: { productFilename: 'Audit Desk' }, executableName: 'audit-desk' }
    await expect(
      setFuses({ appOutDir: os.tmpdir(), electronPlatformName: 'beos', packager }, 'x64'),
    ).rejects.toThrow(/unknown platform beos/)
  })
})
