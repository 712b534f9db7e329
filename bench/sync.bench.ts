// Initial sync benchmarks (issue 4): a demo server in its own process, the sync in another (so
// each peak RSS is its own), then the bare-insert ceiling of the same rows and warm query
// latencies on the resulting cache.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { BenchRow, BenchSuite } from './harness'
import { measureInsertCeiling } from './insert-ceiling'
import { measureQueries } from './query-latency'

const root = path.resolve(import.meta.dirname, '..')

export type DemoChild = { url: string; key: string; child: ChildProcess }

export async function startDemo(
  directory: string,
  auditEvents: number,
  requestLogs: number,
): Promise<DemoChild> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'src/cli/index.ts'),
      'demo-server',
      '--audit-events',
      String(auditEvents),
      '--request-logs',
      String(requestLogs),
      '--data-dir',
      directory,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  return new Promise((resolve, reject) => {
    let output = ''
    // Keep reading stdout for the child's whole life: closing the pipe would kill it (EPIPE).
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const url = /^URL: (\S+)$/m.exec(output)?.[1]
      const key = /^API key \(audit_logs:read\): (\S+)$/m.exec(output)?.[1]
      if (url !== undefined && key !== undefined) resolve({ url, key, child })
    })
    child.once('exit', () => {
      reject(new Error(`demo-server exited: ${output}`))
    })
  })
}

type SyncFigures = {
  events: number
  seconds: number
  eventsPerSecond: number
  peakRssMb: number
  indexSeconds: number
}

export async function runSyncChild(
  demo: DemoChild,
  file: string,
  stream: string,
): Promise<SyncFigures> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'bench/sync-child.ts'), demo.url, demo.key, file, stream],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  let output = ''
  for await (const chunk of child.stdout) output += String(chunk)
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as SyncFigures
}

function syncRows(suite: string, label: string, figures: SyncFigures, ceiling: number): BenchRow[] {
  const proper = figures.events / (figures.seconds - figures.indexSeconds)
  return [
    {
      suite,
      case: `${label}: sync, pages stored`,
      value: Math.round(proper),
      unit: 'events/s',
      note: `${figures.events.toLocaleString('en-US')} events`,
    },
    {
      suite,
      case: `${label}: full-text index build after sync`,
      value: figures.indexSeconds,
      unit: 's',
      note: 'audit events only',
    },
    {
      suite,
      case: `${label}: sync including full-text index`,
      value: Math.round(figures.eventsPerSecond),
      unit: 'events/s',
      note: `${figures.seconds.toFixed(1)} s in all`,
    },
    {
      suite,
      case: `${label}: bare INSERT ceiling, same rows`,
      value: Math.round(ceiling),
      unit: 'rows/s',
      note: 'index-free table, 10k rows/txn',
    },
    {
      suite,
      case: `${label}: sync ÷ ceiling`,
      value: Math.round((proper / ceiling) * 100),
      unit: '%',
      note: 'target ≥ 33%',
    },
    {
      suite,
      case: `${label}: sync peak RSS`,
      value: figures.peakRssMb,
      unit: 'MB',
      note: 'sync process only; target < 400',
    },
  ]
}

function makeSuite(
  name: string,
  stream: 'audit-events' | 'request-logs',
  full: number,
  quick: number,
): BenchSuite {
  return {
    name,
    run: async (options) => {
      const count = options.quick ? quick : full
      const directory = fs.mkdtempSync(path.join(os.tmpdir(), `audit-desk-${name}-`))
      const demo = await startDemo(
        path.join(directory, 'demo'),
        stream === 'audit-events' ? count : 1000,
        stream === 'request-logs' ? count : 1000,
      )
      try {
        const file = path.join(directory, 'cache.sqlite')
        const figures = await runSyncChild(demo, file, stream)
        const table = stream === 'audit-events' ? 'audit_events' : 'request_logs'
        const ceiling = measureInsertCeiling(file, table, directory)
        const label = `${stream} ${count.toLocaleString('en-US')}`
        const rows = syncRows(name, label, figures, ceiling)
        const queries = measureQueries(file, stream, label, options.quick ? 5 : 30)
        for (const plan of queries.plans) process.stderr.write(`plan ${plan}\n`)
        return [...rows, ...queries.rows]
      } finally {
        demo.child.kill('SIGTERM')
        fs.rmSync(directory, { recursive: true, force: true })
      }
    },
  }
}

/** 1,000,000 audit events (20,000 with --quick). */
export const syncAuditSuite = makeSuite('sync-audit', 'audit-events', 1_000_000, 20_000)

/** 10,000,000 request log entries (50,000 with --quick). */
export const syncRequestsSuite = makeSuite('sync-requests', 'request-logs', 10_000_000, 50_000)
