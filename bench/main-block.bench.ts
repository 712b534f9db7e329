// Main-process blocking benchmark (issue 8, item 4): how long the host's event loop stops while the
// core, created with createCore as src/main does (in the host's own thread), runs (a) a CSV export
// of every audit event through exports.start, (b) every detection through detections.run and
// (c) a sync of a large demo organization (both streams, with what follows a sync in the app:
// the full-text index, alerts and detections). In Electron a blocked main process is a frozen
// window: no input, no repaint. Figures per case: perf_hooks.monitorEventLoopDelay max and p99
// (10 ms resolution) and the longest gap between ticks of a 10 ms interval timer.
// MAIN_BLOCK_BENCH_EVENTS=N sets the export cache size (default 1,000,000, --quick 20,000); the
// synced organization has N/5 audit events and N request log entries.
import { EventEmitter, once } from 'node:events'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createCore } from '../src/core/core'
import { createDispatcher, type Dispatch } from '../src/core/dispatcher'
import { silentLogger } from '../src/core/ports'
import { databaseFileName } from '../src/core/store/database'
import type { CoreEvent } from '../src/shared/contract'
import { benchCacheFile, ensureCache } from './export.bench'
import type { BenchRow, BenchSuite } from './harness'
import { startDemo } from './sync.bench'

/** How long the event loop was blocked while one piece of work ran. */
export type BlockFigures = {
  milliseconds: number
  maxMs: number
  p99Ms: number
  longestGapMs: number
}

const timerPeriodMs = 10

/** The main-process block time of an export, detections and a sync run by an in-thread core. */
export const mainBlockSuite: BenchSuite = {
  name: 'main-block',
  run: async ({ quick }) => {
    const events = quick ? 20_000 : Number(process.env.MAIN_BLOCK_BENCH_EVENTS ?? 1_000_000)
    if (!Number.isInteger(events) || events < 1000)
      throw new Error('MAIN_BLOCK_BENCH_EVENTS must be a whole number of at least 1000')
    const cache = benchCacheFile(events)
    await ensureCache(cache, events)
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-desk-main-block-'))
    try {
      const rows = await measureOnCache(cache, path.join(directory, 'cached'), events)
      rows.push(...(await measureSync(directory, Math.round(events / 5), events)))
      return rows
    } finally {
      fs.rmSync(directory, { recursive: true, force: true })
    }
  },
}

/** Runs `work` while watching the event loop; the figures say how long it was unresponsive. */
export async function measureBlocking(work: () => Promise<void>): Promise<BlockFigures> {
  const histogram = monitorEventLoopDelay({ resolution: timerPeriodMs })
  let lastTick = performance.now()
  let longestGapMs = 0
  const timer = setInterval(() => {
    const now = performance.now()
    longestGapMs = Math.max(longestGapMs, now - lastTick)
    lastTick = now
  }, timerPeriodMs)
  histogram.enable()
  // The histogram records a delay only between two of its own ticks: let it tick before the work
  // starts, and once more after it ends (a synchronous handler blocks up to its very end).
  await settle()
  const started = performance.now()
  let milliseconds: number
  try {
    await work()
    milliseconds = performance.now() - started
    await settle()
  } finally {
    histogram.disable()
    clearInterval(timer)
  }
  return {
    milliseconds,
    maxMs: histogram.max / 1e6,
    p99Ms: histogram.percentile(99) / 1e6,
    longestGapMs,
  }
}

/** Waits three timer periods, so the loop turns and the timers fire. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, timerPeriodMs * 3))
}

/** A core as src/main creates it, over `dataDirectory`, with its events on an emitter. */
function startCore(dataDirectory: string, saveDirectory: string) {
  const events = new EventEmitter()
  const core = createCore({
    host: 'electron',
    dataDirectory,
    clock: Date.now,
    emit: (event: CoreEvent) => events.emit(event.name, event.payload),
    logger: silentLogger,
    reviewer: () => 'bench',
    notify: () => undefined,
    chooseSavePath: (suggestedName) => Promise.resolve(path.join(saveDirectory, suggestedName)),
  })
  return { core, events, dispatch: createDispatcher(core.handlers, silentLogger) }
}

async function call<T>(dispatch: Dispatch, method: string, input: unknown): Promise<T> {
  const result = await dispatch(method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
  return result.value as T // the dispatcher checked the value against the method's output schema
}

/** Waits for the event `name` whose payload passes `matches`. */
async function nextEvent<T>(
  events: EventEmitter,
  name: string,
  matches: (payload: T) => boolean,
): Promise<T> {
  for (;;) {
    const [payload] = (await once(events, name)) as [T] // emitted by the core's emit port above
    if (matches(payload)) return payload
  }
}

async function measureOnCache(cache: string, directory: string, events: number) {
  fs.mkdirSync(directory, { recursive: true })
  // A copy, so the detections' findings never land in the shared export/pack cache.
  fs.copyFileSync(cache, path.join(directory, databaseFileName))
  const { core, events: emitter, dispatch } = startCore(directory, directory)
  try {
    const label = `${events.toLocaleString('en-US')} audit events`
    type Job = { job: { id: string; state: string; rowsWritten: number } }
    let written = 0
    const exported = await measureBlocking(async () => {
      // Listening before the start: the only export of this core, whenever it finishes.
      const done = nextEvent<Job['job']>(emitter, 'exports.finished', () => true)
      const { job } = await call<Job>(dispatch, 'exports.start', {
        stream: 'audit-events',
        filter: {},
        format: 'csv',
      })
      const finished = await done
      if (finished.id !== job.id || finished.state !== 'succeeded')
        throw new Error(`the export ${finished.state}`)
      written = finished.rowsWritten
    })
    const { connections } = await call<{ connections: { id: string }[] }>(
      dispatch,
      'connections.list',
      {},
    )
    const connectionId = connections[0]?.id
    if (connectionId === undefined) throw new Error('the bench cache holds no organization')
    let findings = 0
    const detected = await measureBlocking(async () => {
      const summary = await call<{ findings: number }>(dispatch, 'detections.run', {
        connectionId,
      })
      findings = summary.findings
    })
    return [
      ...figureRows(
        `CSV export (exports.start), ${written.toLocaleString('en-US')} rows`,
        exported,
      ),
      ...figureRows(`detections.run over ${label}, ${String(findings)} findings`, detected),
    ]
  } finally {
    core.close()
  }
}

async function measureSync(directory: string, audit: number, requests: number) {
  const demo = await startDemo(path.join(directory, 'demo'), audit, requests)
  const dataDirectory = path.join(directory, 'synced')
  const { core, events, dispatch } = startCore(dataDirectory, dataDirectory)
  try {
    const { connectionId } = await call<{ connectionId: string }>(dispatch, 'connections.add', {
      baseUrl: demo.url,
      apiKey: demo.key,
    })
    type Finished = { connectionId: string; outcome: string; newEvents: number }
    let stored = 0
    const synced = await measureBlocking(async () => {
      const finished = nextEvent<Finished>(events, 'sync.finished', (done) => {
        return done.connectionId === connectionId
      })
      await call(dispatch, 'sync.start', { connectionId })
      const done = await finished
      if (done.outcome !== 'complete') throw new Error(`the sync ended ${done.outcome}`)
      stored = done.newEvents
    })
    const size = `${audit.toLocaleString('en-US')} audit + ${requests.toLocaleString('en-US')} requests`
    return figureRows(`sync.start of ${size}, ${stored.toLocaleString('en-US')} stored`, synced)
  } finally {
    core.close()
    demo.child.kill('SIGTERM')
  }
}

function figureRows(work: string, figures: BlockFigures): BenchRow[] {
  // Both measures count the 10 ms timer period itself (measured: 10-12 ms on an idle loop).
  const idle = 'an idle loop reads 10-12 ms'
  const round = (value: number) => Math.round(value * 10) / 10
  const row = (what: string, value: number, unit: string, note: string): BenchRow => ({
    suite: 'main-block',
    case: `${work}: ${what}`,
    value: round(value),
    unit,
    note,
  })
  return [
    row('duration', figures.milliseconds, 'ms', 'the core in the host thread, as src/main runs it'),
    row('event-loop delay max', figures.maxMs, 'ms', `monitorEventLoopDelay; ${idle}`),
    row('event-loop delay p99', figures.p99Ms, 'ms', `monitorEventLoopDelay; ${idle}`),
    row(
      'longest gap between 10 ms ticks',
      figures.longestGapMs,
      'ms',
      `the window froze about this long; ${idle}`,
    ),
  ]
}
