// The demo organization server: a generated organization served over the organization API
// contract (v1) on 127.0.0.1, with injected incidents, live activity and optional faults.
// Used by the CLI's demo-server command, tests, the conformance suite and "Explore the demo".
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { CursorCodec } from './cursor'
import { FaultInjector, type DemoFaults } from './faults'
import { generate, type Generated } from './generator'
import type { GroundTruth } from './ground-truth'
import { createApiKeys, createHttpServer } from './http-server'
import { LiveActivity } from './live'
import { Random } from './random'
import type { ServerState } from './routes'
import { DayStats, DigestChain, DigestSigner } from './signing'
import { createDemoDatabase, finishBulkLoad, type DemoDatabase, type StreamName } from './store'
import { dayOf } from './time'

export { parseFaults, type DemoFaults } from './faults'
export type {
  GroundTruth,
  GroundTruthIncident,
  IncidentActor,
  IncidentScenario,
} from './ground-truth'

/** How to build and run a demo server. Defaults: seed 1, 50,000 audit events, 500,000 request
 * log entries, 90 days, no live activity, no faults, the system clock, a temp dir, a free port. */
export type DemoOrgOptions = {
  seed?: number
  auditEvents?: number
  requestLogs?: number
  days?: number
  live?: boolean
  faults?: DemoFaults
  now?: () => number
  /** Where the generated SQLite goes; default a temp dir removed on close. */
  dataDirectory?: string
  /** 0 = a free port. */
  port?: number
}

/** A running demo server. */
export interface DemoServer {
  /** `http://127.0.0.1:PORT` */
  url: string
  /** Bearer keys: full access, one without `audit_logs:read` (403), one revoked (401). */
  keys: { full: string; noScope: string; revoked: string }
  organization: { id: string; name: string }
  /** The injected incidents; also written as ground-truth.json in the data directory. */
  groundTruth: GroundTruth
  groundTruthPath: string
  counts: { auditEvents: number; requestLogs: number; generationMs: number }
  /** Appends `count` new audit events and `count` new request log entries, recorded now. */
  appendLiveActivity(count: number): void
  /**
   * For tests: appends one audit event of `action` (by a member who manages keys), recorded now,
   * optionally from `ipAddress`; see LiveActivity.appendAuditEvent. Not used by the product.
   */
  appendLiveAuditEvent(
    action: string,
    options?: { ipAddress?: string },
  ): { id: string; action: string } | undefined
  close(): Promise<void>
}

type Settings = {
  seed: number
  auditEvents: number
  requestLogs: number
  days: number
  port: number
}

/** Generates the organization, then serves it on 127.0.0.1. Rejects on invalid options. */
export async function startDemoServer(options: DemoOrgOptions = {}): Promise<DemoServer> {
  const settings = validateOptions(options)
  const now = options.now ?? Date.now
  const ownsDirectory = options.dataDirectory === undefined
  const directory =
    options.dataDirectory ?? fs.mkdtempSync(path.join(os.tmpdir(), 'audit-desk-demo-'))
  const database = createDemoDatabase(directory)
  const cleanUp = (): void => {
    database.db.close()
    if (ownsDirectory) fs.rmSync(directory, { recursive: true, force: true })
  }
  try {
    const built = await build(settings, database, now, options.faults ?? {})
    const groundTruthPath = path.join(directory, 'ground-truth.json')
    fs.writeFileSync(groundTruthPath, `${JSON.stringify(built.generated.groundTruth, null, 2)}\n`)
    const keys = createApiKeys()
    const server = createHttpServer(built.state, keys)
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(settings.port, '127.0.0.1', resolve)
    })
    const { live } = built
    const timer =
      options.live === true
        ? setInterval(() => {
            live.append(3, 8)
          }, 1000)
        : undefined
    timer?.unref()
    const { port } = server.address() as AddressInfo // listen() on a TCP port always yields AddressInfo
    return {
      url: `http://127.0.0.1:${port}`,
      keys,
      organization: { id: built.generated.org.id, name: built.generated.org.name },
      groundTruth: built.generated.groundTruth,
      groundTruthPath,
      counts: built.counts,
      appendLiveActivity: (count) => {
        if (!Number.isSafeInteger(count) || count < 0) {
          throw new Error(`appendLiveActivity needs a whole number of at least 0, got ${count}`)
        }
        live.append(count, count)
      },
      appendLiveAuditEvent: (action, eventOptions) => live.appendAuditEvent(action, eventOptions),
      close: () => closeServer(server, timer, cleanUp),
    }
  } catch (cause) {
    cleanUp()
    throw cause
  }
}

type Built = {
  generated: Generated
  state: ServerState
  live: LiveActivity
  counts: DemoServer['counts']
}

async function build(
  settings: Settings,
  database: DemoDatabase,
  now: () => number,
  faults: DemoFaults,
): Promise<Built> {
  const started = performance.now()
  const stats = {
    'audit-events': new DayStats(database.streams['audit-events']),
    'request-logs': new DayStats(database.streams['request-logs']),
  }
  const historyEnd = now()
  const onWrite = (stream: StreamName, days: ReadonlySet<number>): void => {
    stats[stream].forget(days)
  }
  const generated = await generate({ ...settings, now: historyEnd, database, onWrite })
  finishBulkLoad(database)
  const firstDay = dayOf(historyEnd - settings.days * 86_400_000)
  const state = createState(settings.seed, database, stats, now, faults, generated.org, firstDay)
  const live = new LiveActivity({
    ...generated,
    random: new Random(settings.seed, 'live'),
    database,
    now,
  })
  const counts = {
    auditEvents: database.streams['audit-events'].maxSeq,
    requestLogs: database.streams['request-logs'].maxSeq,
    generationMs: Math.round(performance.now() - started),
  }
  return { generated, state, live, counts }
}

function createState(
  seed: number,
  database: DemoDatabase,
  stats: Record<StreamName, DayStats>,
  now: () => number,
  faults: DemoFaults,
  org: { id: string; name: string },
  firstDay: number,
): ServerState {
  const signer = new DigestSigner(seed)
  const secret = createHash('sha256').update(`audit-desk-demo-cursor:${seed}:${org.id}`).digest()
  return {
    now,
    database,
    codec: new CursorCodec(secret),
    signer,
    chains: {
      'audit-events': new DigestChain(database.streams['audit-events'], signer, firstDay),
      'request-logs': new DigestChain(database.streams['request-logs'], signer, firstDay),
    },
    stats,
    faults: new FaultInjector(faults, seed),
    organization: { id: org.id, name: org.name },
  }
}

async function closeServer(
  server: import('node:http').Server,
  timer: NodeJS.Timeout | undefined,
  cleanUp: () => void,
): Promise<void> {
  if (timer !== undefined) clearInterval(timer)
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve()
    })
    server.closeAllConnections()
  })
  cleanUp()
}

function validateOptions(options: DemoOrgOptions): Settings {
  const whole = (
    name: string,
    value: number | undefined,
    fallback: number,
    min: number,
    max: number,
  ): number => {
    const result = value ?? fallback
    if (!Number.isSafeInteger(result) || result < min || result > max) {
      throw new Error(
        `Demo server option ${name} must be a whole number from ${min} to ${max}, got ${String(value)}`,
      )
    }
    return result
  }
  return {
    seed: whole('seed', options.seed, 1, 0, 2 ** 32 - 1),
    auditEvents: whole('auditEvents', options.auditEvents, 50_000, 0, 50_000_000),
    requestLogs: whole('requestLogs', options.requestLogs, 500_000, 0, 100_000_000),
    days: whole('days', options.days, 90, 3, 400),
    port: whole('port', options.port, 0, 0, 65_535),
  }
}
