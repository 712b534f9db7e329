// Main-process blocking benchmark (issue 8, item 4): how long the host's event loop stops while the
// core runs, both in the host's own thread (createCore, as src/main did) and on a worker thread
// (startCoreThread, as src/main does now, the host thread only relaying messages): (a) a CSV export
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
import { startCoreThread } from '../src/core/remote/core-client'
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
  /** Time the host's event loop itself was busy (eventLoopUtilization), which excludes time the
   * thread waited for a CPU: on a loaded machine, gaps can come from other threads' CPU use. */
  busyMs: number
}

const timerPeriodMs = 10

/** Where the core runs relative to the measured event loop. */
type Placement = 'host thread' | 'worker thread'

const placements: readonly Placement[] = ['host thread', 'worker thread']

/** The worker entry that runs the TypeScript core thread under tsx, as the tests do. */
const coreThreadEntry = new URL('../test/helpers/core-thread-entry.mjs', import.meta.url)

/** The main-process block time of an export, detections and a sync, the core in either thread. */
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
      const rows: BenchRow[] = []
      for (const placement of placements) {
        const own = path.join(directory, placement.replace(' ', '-'))
        rows.push(...(await measureOnCache(cache, path.join(own, 'cached'), events, placement)))
        rows.push(...(await measureSync(own, Math.round(events / 5), events, placement)))
      }
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
  const utilization = performance.eventLoopUtilization()
  const started = performance.now()
  let milliseconds: number
  let busyMs: number
  try {
    await work()
    milliseconds = performance.now() - started
    busyMs = performance.eventLoopUtilization(utilization).active
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
    busyMs,
  }
}

/** Waits three timer periods, so the loop turns and the timers fire. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, timerPeriodMs * 3))
}

/** A core over `dataDirectory` in the chosen thread, with its events on an emitter. */
function startCore(dataDirectory: string, saveDirectory: string, placement: Placement) {
  const events = new EventEmitter()
  const emit = (event: CoreEvent) => events.emit(event.name, event.payload)
  const chooseSavePath = (suggestedName: string) =>
    Promise.resolve(path.join(saveDirectory, suggestedName))
  if (placement === 'worker thread') {
    const thread = startCoreThread({
      workerFile: coreThreadEntry,
      options: { host: 'electron', dataDirectory, reviewerName: 'bench' },
      ports: { chooseSavePath, notify: () => undefined },
      emit,
      logger: silentLogger,
    })
    return { events, dispatch: thread.dispatch, close: thread.close }
  }
  const core = createCore({
    host: 'electron',
    dataDirectory,
    clock: Date.now,
    emit,
    logger: silentLogger,
    reviewer: () => 'bench',
    notify: () => undefined,
    chooseSavePath,
  })
  return {
    events,
    dispatch: createDispatcher(core.handlers, silentLogger),
    close: () => {
      core.close()
      return Promise.resolve()
    },
  }
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

async function measureOnCache(
  cache: string,
  directory: string,
  events: number,
  placement: Placement,
) {
  fs.mkdirSync(directory, { recursive: true })
  // A copy, so the detections' findings never land in the shared export/pack cache.
  fs.copyFileSync(cache, path.join(directory, databaseFileName))
  const { close, events: emitter, dispatch } = startCore(directory, directory, placement)
  try {
    // The first answer waits for a worker to start; that start is not the work measured here.
    await call(dispatch, 'app.info', {})
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
        placement,
      ),
      ...figureRows(
        `detections.run over ${label}, ${String(findings)} findings`,
        detected,
        placement,
      ),
    ]
  } finally {
    await close()
  }
}

async function measureSync(
  directory: string,
  audit: number,
  requests: number,
  placement: Placement,
) {
  const demo = await startDemo(path.join(directory, 'demo'), audit, requests)
  const dataDirectory = path.join(directory, 'synced')
  const { close, events, dispatch } = startCore(dataDirectory, dataDirectory, placement)
  try {
    await call(dispatch, 'app.info', {})
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
    return figureRows(
      `sync.start of ${size}, ${stored.toLocaleString('en-US')} stored`,
      synced,
      placement,
    )
  } finally {
    await close()
    demo.child.kill('SIGTERM')
  }
}

function figureRows(work: string, figures: BlockFigures, placement: Placement): BenchRow[] {
  // Both measures count the 10 ms timer period itself (measured: 10-12 ms on an idle loop).
  const idle = 'an idle loop reads 10-12 ms'
  const round = (value: number) => Math.round(value * 10) / 10
  const row = (what: string, value: number, unit: string, note: string): BenchRow => ({
    suite: 'main-block',
    // The host-thread rows keep their earlier names, so BENCHMARKS.md's figures stay comparable.
    case: `${work}${placement === 'worker thread' ? ' (core on a worker thread)' : ''}: ${what}`,
    value: round(value),
    unit,
    note,
  })
  return [
    row(
      'duration',
      figures.milliseconds,
      'ms',
      placement === 'worker thread'
        ? 'the core on a worker thread, as src/main runs it'
        : 'the core in the host thread, as src/main ran it before',
    ),
    row('event-loop delay max', figures.maxMs, 'ms', `monitorEventLoopDelay; ${idle}`),
    row('event-loop delay p99', figures.p99Ms, 'ms', `monitorEventLoopDelay; ${idle}`),
    row(
      'longest gap between 10 ms ticks',
      figures.longestGapMs,
      'ms',
      `the window froze about this long; ${idle}`,
    ),
    row(
      'host event loop busy',
      figures.busyMs,
      'ms',
      'performance.eventLoopUtilization active time of the host thread during the work',
    ),
  ]
}
