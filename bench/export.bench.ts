// Export benchmark (issue 7, item 8): every audit event of a 1,000,000-event cache to CSV and to
// XLSX, each in its own process so its peak memory is its own. Targets: CSV < 10 s, XLSX < 40 s,
// peak RSS < 400 MB. The cache is built once from the demo organization and kept in the temp
// folder (audit-desk-export-bench-<N>.sqlite) for the next run; EXPORT_BENCH_EVENTS sets N.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { openDatabaseFile } from '../src/core/store/database'
import { abortableSleep } from '../src/core/sync/sleep'
import { syncOrganization } from '../src/core/sync/sync-organization'
import { verifyConnection } from '../src/core/verify/verify-connection'
import { startDemoServer } from '../src/demo-org/index'
import type { BenchRow, BenchSuite } from './harness'

const root = path.resolve(import.meta.dirname, '..')

type ExportFigures = { rows: number; seconds: number; bytes: number; peakRssMb: number }

const targets: Record<'csv' | 'xlsx', { seconds: number; label: string }> = {
  csv: { seconds: 10, label: 'CSV' },
  xlsx: { seconds: 40, label: 'XLSX' },
}

/** CSV and XLSX export of every audit event of a large cache: seconds and peak RSS. */
export const exportSuite: BenchSuite = {
  name: 'export',
  run: async ({ quick }) => {
    const events = quick ? 20_000 : Number(process.env.EXPORT_BENCH_EVENTS ?? 1_000_000)
    const file = benchCacheFile(events)
    await ensureCache(file, events)
    const stored = countAudit(file) // the demo organization quarantines a few hostile events
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-desk-export-out-'))
    const label = `${stored.toLocaleString('en-US')} audit events`
    const rows: BenchRow[] = []
    try {
      for (const format of ['csv', 'xlsx'] as const) {
        const figures = await runExportChild(file, format, path.join(directory, `all.${format}`))
        if (figures.rows !== stored)
          throw new Error(`the ${format} export wrote ${String(figures.rows)} of ${String(stored)}`)
        const target = targets[format]
        rows.push(
          {
            suite: 'export',
            case: `${target.label} export of ${label}`,
            value: Math.round(figures.seconds * 10) / 10,
            unit: 's',
            note: `${(figures.bytes / 1e6).toFixed(0)} MB file; target < ${String(target.seconds)} s`,
          },
          {
            suite: 'export',
            case: `${target.label} export peak RSS`,
            value: figures.peakRssMb,
            unit: 'MB',
            note: 'own process; target < 400 MB',
          },
        )
      }
      return rows
    } finally {
      fs.rmSync(directory, { recursive: true, force: true })
    }
  },
}

/** Where the export and pack benchmarks keep their cache of `events` audit events. */
export function benchCacheFile(events: number): string {
  return path.join(os.tmpdir(), `audit-desk-export-bench-${String(events)}.sqlite`)
}

/** Builds the cache from the demo organization unless a complete one is already there. */
export async function ensureCache(file: string, events: number): Promise<void> {
  // Written once the sync and the verification against the server finished (the verification
  // stores the server's signed day digests, which the pack benchmark's verify then checks).
  const complete = `${file}.verified`
  if (fs.existsSync(complete) && fs.existsSync(file)) return
  for (const name of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(name, { force: true })
  const demo = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-desk-export-demo-'))
  const server = await startDemoServer({
    auditEvents: events,
    requestLogs: 1000,
    dataDirectory: demo,
  })
  try {
    const opened = openDatabaseFile(file, Date.now())
    try {
      const synced = await syncOrganization(
        {
          db: opened.db,
          fetch,
          clock: Date.now,
          sleep: abortableSleep,
          random: Math.random,
          emit: () => undefined,
        },
        { baseUrl: server.url, apiKey: server.keys.full, streams: ['audit-events'] },
      )
      if (!synced.ok || synced.streams.some((stream) => stream.outcome !== 'complete'))
        throw new Error('the demo organization did not sync completely')
      const connection = opened.db
        .prepare<[], { id: string }>('SELECT id FROM connections LIMIT 1')
        .get()
      if (connection === undefined) throw new Error('the sync stored no connection')
      const verified = await verifyConnection(
        { db: opened.db, fetch, clock: Date.now, sleep: abortableSleep, random: Math.random },
        {
          connectionId: connection.id,
          baseUrl: server.url,
          apiKey: server.keys.full,
          streams: ['audit-events'],
        },
      )
      if (!verified.ok) throw new Error(`the verification failed: ${verified.error.message}`)
    } finally {
      opened.close()
    }
    fs.writeFileSync(complete, '')
  } finally {
    await server.close()
    fs.rmSync(demo, { recursive: true, force: true })
  }
}

function countAudit(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return Number(db.prepare('SELECT count(*) FROM audit_events').pluck().get())
  } catch {
    return -1
  } finally {
    db.close()
  }
}

async function runExportChild(file: string, format: string, out: string): Promise<ExportFigures> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'bench/export-child.ts'), file, format, out],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let output = ''
  for await (const chunk of child.stdout) output += String(chunk)
  const exitCode = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode)
    else child.once('exit', resolve)
  })
  if (exitCode !== 0) throw new Error(`the ${format} export child exited with ${String(exitCode)}`)
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as ExportFigures // the child's line
}
