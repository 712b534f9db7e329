#!/usr/bin/env node
// Regenerates the packaging icons in build/ from resources/icon.svg (run by hand after the icon
// changes; the results are committed so packaging needs no image tools):
//   build/icon.png            1024×1024, macOS and the fallback for every target
//   build/icons/<n>x<n>.png   16…512, the Linux icon set (AppImage, deb)
//   build/icon.ico            16…256, Windows (nsis installer and the .exe)
//   build/icon.icns           macOS (dmg, the .app), PNG entries assembled here (see writeIcns)
// Needs ImageMagick's `convert` with SVG support (apt-get install imagemagick librsvg2-bin).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const source = path.join(root, 'resources', 'icon.svg')
const buildDirectory = path.join(root, 'build')
const linuxSizes = [16, 24, 32, 48, 64, 128, 256, 512]
const icoSizes = [16, 24, 32, 48, 64, 128, 256]

/** ICNS entry types holding PNG data, by pixel size (Apple's iconutil writes the same types). */
export const icnsEntries = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
]

function convert(args) {
  const result = spawnSync('convert', args, { encoding: 'utf8' })
  if (result.status !== 0) {
    throw new Error(
      `convert ${args.join(' ')} failed: ${result.stderr || result.error?.message || 'no output'}\n` +
        'Install ImageMagick with SVG support: apt-get install imagemagick librsvg2-bin',
    )
  }
}

/** Renders the SVG at `size` pixels square into `target` (transparent background, 32-bit PNG). */
function renderPng(size, target) {
  // Render large, then resample: small sizes stay crisp and the edges anti-aliased.
  const density = Math.max(72, Math.ceil((72 * size) / 512) * 2)
  convert([
    '-background',
    'none',
    '-density',
    String(density),
    source,
    '-resize',
    `${String(size)}x${String(size)}`,
    '-strip',
    `PNG32:${target}`,
  ])
}

/** An ICNS file: 'icns' + total length, then per entry its type, length (with header) and PNG. */
function writeIcns(pngBySize, target) {
  const chunks = icnsEntries.map(([type, size]) => {
    const png = pngBySize.get(size)
    if (png === undefined) throw new Error(`no ${String(size)} px PNG for ${type}`)
    const header = Buffer.alloc(8)
    header.write(type, 0, 'ascii')
    header.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([header, png])
  })
  const body = Buffer.concat(chunks)
  const header = Buffer.alloc(8)
  header.write('icns', 0, 'ascii')
  header.writeUInt32BE(body.length + 8, 4)
  fs.writeFileSync(target, Buffer.concat([header, body]))
}

function main() {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-desk-icons-'))
  try {
    const pngBySize = new Map()
    for (const size of new Set([
      ...linuxSizes,
      ...icoSizes,
      1024,
      ...icnsEntries.map((e) => e[1]),
    ])) {
      const file = path.join(scratch, `${String(size)}.png`)
      renderPng(size, file)
      pngBySize.set(size, fs.readFileSync(file))
    }
    fs.mkdirSync(path.join(buildDirectory, 'icons'), { recursive: true })
    fs.writeFileSync(path.join(buildDirectory, 'icon.png'), pngBySize.get(1024))
    for (const size of linuxSizes) {
      const name = `${String(size)}x${String(size)}.png`
      fs.writeFileSync(path.join(buildDirectory, 'icons', name), pngBySize.get(size))
    }
    convert([
      ...icoSizes.map((size) => path.join(scratch, `${String(size)}.png`)),
      path.join(buildDirectory, 'icon.ico'),
    ])
    writeIcns(pngBySize, path.join(buildDirectory, 'icon.icns'))
    process.stdout.write(`Icons written to ${path.relative(root, buildDirectory)}/\n`)
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === import.meta.filename) main()
