// Audit pack benchmark (issue 7, item 8): a pack of every audit event of a 1,000,000-event cache
// (CSV, XLSX and JSON Lines, summary, manifest, signature) is built, then verified as
// `audit-desk verify-pack` does, each in its own process. Target: verified in under 30 s. The
// cache is the export benchmark's (EXPORT_BENCH_EVENTS sets its size).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { benchCacheFile, ensureCache } from './export.bench'
import type { BenchRow, BenchSuite } from './harness'

const root = path.resolve(import.meta.dirname, '..')

type PackFigures = {
  rows?: number
  isValid?: boolean
  failed?: string[]
  digestDays?: number
  seconds: number
  bytes: number
  peakRssMb: number
}

/** Builds and verifies a pack of a large cache: seconds and peak RSS of each. */
export const packSuite: BenchSuite = {
  name: 'pack',
  run: async ({ quick }) => {
    const events = quick ? 20_000 : Number(process.env.EXPORT_BENCH_EVENTS ?? 1_000_000)
    const file = benchCacheFile(events)
    await ensureCache(file, events)
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-desk-pack-bench-'))
    const zip = path.join(directory, 'pack.zip')
    try {
      const built = await runChild(['build', file, directory, zip])
      const verified = await runChild(['verify', zip])
      if (verified.isValid !== true)
        throw new Error(`the pack did not verify: ${(verified.failed ?? []).join('; ')}`)
      const label = `${(built.rows ?? 0).toLocaleString('en-US')} audit events`
      const row = (name: string, value: number, unit: string, note: string): BenchRow => ({
        suite: 'pack',
        case: name,
        value,
        unit,
        note,
      })
      return [
        row(`pack build of ${label}`, round(built.seconds), 's', `${mb(built.bytes)} MB zip`),
        row('pack build peak RSS', built.peakRssMb, 'MB', 'own process'),
        row(
          `verify-pack of ${label}`,
          round(verified.seconds),
          's',
          `${String(verified.digestDays ?? 0)} days checked against the server's signed digests; target < 30 s`,
        ),
        row('verify-pack peak RSS', verified.peakRssMb, 'MB', 'own process'),
      ]
    } finally {
      fs.rmSync(directory, { recursive: true, force: true })
    }
  },
}

const round = (seconds: number) => Math.round(seconds * 10) / 10
const mb = (bytes: number) => (bytes / 1e6).toFixed(0)

async function runChild(args: string[]): Promise<PackFigures> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'bench/pack-child.ts'), ...args],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let output = ''
  for await (const chunk of child.stdout) output += String(chunk)
  const exitCode = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode)
    else child.once('exit', resolve)
  })
  if (exitCode !== 0)
    throw new Error(`the pack child (${args[0] ?? ''}) exited with ${String(exitCode)}`)
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as PackFigures // the child's line
}
