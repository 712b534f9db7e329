// Handlers of exports.* and packs.* (issue 7): each export or pack runs as a job off the call that
// started it, reports progress as events, can be cancelled, and ends recorded in the reviewer
// activity log. Files go where the host's save dialog says, else to `<data directory>/exports/`.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type Database from 'better-sqlite3'
import type { ExportJob, JobResult } from '../../shared/export-schemas'
import type { Stream } from '../../shared/filter'
import type { MethodOutput, MethodParams } from '../../shared/contract'
import { checkActivityChain, listActivity } from '../activity/activity-log'
import { CoreError } from '../errors'
import { openSnapshot } from '../export/snapshot'
import { exportRecorded, summaryOf } from '../export/recorded-export'
import { buildPack } from '../pack/build-pack'
import type { CorePorts } from '../ports'
import { loadInstallationKey } from '../signing/installation-key'
import { currentReviewer } from '../store/settings-store'

/** What the export handlers need from the core. */
export type ExportDependencies = {
  db: () => Database.Database
  ports: Pick<
    CorePorts,
    'dataDirectory' | 'clock' | 'emit' | 'logger' | 'reviewer' | 'chooseSavePath'
  > & { sqliteNativeBinding?: string }
}

/** How many finished jobs `exports.jobs` keeps listing. */
const keptJobs = 50

/** The least time between two progress events of one job. */
const progressIntervalMs = 250

type RunningJob = { job: ExportJob; controller: AbortController }

type JobWork = (
  signal: AbortSignal,
  progress: (phase: string, rowsWritten: number, totalRows: number) => void,
) => Promise<Omit<JobResult, 'savedTo' | 'downloadName'>>

/** Handlers of exports.start, packs.start, exports.cancel, exports.jobs, exports.activity and
 * exports.signingKey. */
export function createExportHandlers(dependencies: ExportDependencies) {
  const { db, ports } = dependencies
  const jobs = new Map<string, RunningJob>()
  // Names in the exports folder taken by running jobs (their files appear only when complete),
  // so two exports started in the same second never get the same name.
  const reserved = new Set<string>()
  const reviewer = () => currentReviewer(db(), ports.reviewer?.())
  const cacheFile = () => {
    const connection = db()
    if (connection.memory || connection.name === '')
      throw new CoreError('database_unavailable', 'This cache has no file to export from.')
    return connection.name
  }
  const snapshotOptions =
    ports.sqliteNativeBinding === undefined ? {} : { nativeBinding: ports.sqliteNativeBinding }

  const remember = (running: RunningJob) => {
    jobs.set(running.job.id, running)
    const finished = [...jobs.values()].filter((entry) => entry.job.state !== 'running')
    for (const old of finished.slice(0, Math.max(0, finished.length - keptJobs)))
      jobs.delete(old.job.id)
  }

  /** Starts `work` as a job writing to `destination`; resolves once the job is listed. */
  const startJob = (
    kind: ExportJob['kind'],
    label: string,
    destination: Destination,
    work: (target: string) => JobWork,
  ): ExportJob => {
    const controller = new AbortController()
    const job: ExportJob = {
      id: `job_${randomBytes(8).toString('hex')}`,
      kind,
      label,
      startedAt: ports.clock(),
      state: 'running',
      rowsWritten: 0,
      totalRows: 0,
      result: null,
      error: null,
    }
    const running = { job, controller }
    remember(running)
    let lastProgress = 0
    const progress = (phase: string, rowsWritten: number, totalRows: number) => {
      job.rowsWritten = rowsWritten
      job.totalRows = totalRows
      const now = ports.clock()
      if (now - lastProgress < progressIntervalMs && rowsWritten < totalRows) return
      lastProgress = now
      ports.emit({
        name: 'exports.progress',
        payload: { id: job.id, kind, phase, rowsWritten, totalRows },
      })
    }
    void work(destination.path)(controller.signal, progress)
      .then((outcome) => {
        job.state = 'succeeded'
        job.rowsWritten = outcome.rows
        job.result = { ...outcome, savedTo: destination.path, downloadName: destination.download }
      })
      .catch((cause: unknown) => {
        job.state = controller.signal.aborted ? 'cancelled' : 'failed'
        job.error = boundaryError(cause, ports.logger)
      })
      .finally(() => {
        reserved.delete(destination.path)
        ports.emit({ name: 'exports.finished', payload: { ...job } })
      })
    return { ...job }
  }

  return {
    'exports.start': async (input: MethodParams<'exports.start'>) => {
      const file = cacheFile()
      const name = `${input.stream}-${stampOf(ports.clock())}.${input.format}`
      const destination = await chooseDestination(ports, name, reserved)
      if (destination === undefined) return { job: cancelledJob('export', name, ports.clock()) }
      const label = `${formatNames[input.format]} of ${streamNames[input.stream]}`
      const job = startJob('export', label, destination, (target) => async (signal, progress) => {
        const snapshot = openSnapshot(file, snapshotOptions)
        try {
          const recorded = await exportRecorded({
            db: db(),
            snapshot,
            stream: input.stream,
            filter: input.filter,
            target: { format: input.format, path: target, options: input.options },
            reviewer: reviewer(),
            at: ports.clock,
            describe: (rows) => `${label}: ${String(rows)} events`,
            signal,
            onProgress: (rows, total) => {
              progress('writing', rows, total)
            },
          })
          const { file: written, activity } = recorded
          return {
            rows: written.rows,
            files: [summaryOf(written)],
            transformations: written.transformations,
            activityId: activity.id,
            note: countNote(input.shownCount, written.rows),
          }
        } finally {
          snapshot.close()
        }
      })
      return { job }
    },
    'packs.start': async (input: MethodParams<'packs.start'>) => {
      const file = cacheFile()
      const name = `audit-pack-${input.from}-to-${input.to}-${stampOf(ports.clock())}.zip`
      const destination = await chooseDestination(ports, name, reserved)
      if (destination === undefined) return { job: cancelledJob('pack', name, ports.clock()) }
      const label = `Audit pack ${input.from} to ${input.to}`
      const job = startJob('pack', label, destination, (target) => async (signal, progress) => {
        const built = await buildPack({
          db: db(),
          cacheFile: file,
          dataDirectory: ports.dataDirectory,
          connectionId: input.connectionId,
          from: input.from,
          to: input.to,
          streams: input.streams,
          filter: input.filter,
          redaction: input.redaction,
          engagement: input.engagement,
          reviewer: reviewer(),
          clock: ports.clock,
          outPath: target,
          signal,
          onProgress: progress,
          ...snapshotOptions,
        })
        return {
          rows: built.rows,
          files: built.files,
          transformations: built.transformations,
          activityId: built.activity.id,
          note: null,
        }
      })
      return { job }
    },
    'exports.cancel': (input: MethodParams<'exports.cancel'>) => {
      const running = jobs.get(input.id)
      if (running?.job.state !== 'running') return Promise.resolve({ cancelled: false })
      running.controller.abort()
      return Promise.resolve({ cancelled: true })
    },
    'exports.jobs': () =>
      Promise.resolve({
        jobs: [...jobs.values()].map((entry) => ({ ...entry.job })).reverse(),
      }),
    'exports.activity': (
      input: MethodParams<'exports.activity'>,
    ): Promise<MethodOutput<'exports.activity'>> =>
      Promise.resolve({
        entries: listActivity(db(), input.limit),
        chain: checkActivityChain(db()),
      }),
    'exports.signingKey': () => {
      const key = loadInstallationKey(ports.dataDirectory)
      return Promise.resolve({ publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint })
    },
    /** Cancels every running job (the core is closing). */
    cancelAll: () => {
      for (const entry of jobs.values()) entry.controller.abort()
    },
  }
}

/** Where a job writes: a path, and the name browser mode's download route serves it under. */
type Destination = { path: string; download: string | null }

/** Asks the host's save dialog, else picks a new name in `<data directory>/exports/`. */
async function chooseDestination(
  ports: ExportDependencies['ports'],
  name: string,
  reserved: Set<string>,
): Promise<Destination | undefined> {
  if (ports.chooseSavePath !== undefined) {
    const chosen = await ports.chooseSavePath(name)
    return chosen === undefined ? undefined : { path: chosen, download: null }
  }
  const folder = exportsFolder(ports.dataDirectory)
  fs.mkdirSync(folder, { recursive: true })
  const { name: stem, ext } = path.parse(name)
  for (let attempt = 1; ; attempt += 1) {
    const candidate = attempt === 1 ? name : `${stem}-${String(attempt)}${ext}`
    const candidatePath = path.join(folder, candidate)
    if (!reserved.has(candidatePath) && !fs.existsSync(candidatePath)) {
      reserved.add(candidatePath)
      return { path: candidatePath, download: candidate }
    }
  }
}

/** The folder browser mode and the CLI save exports in. */
export function exportsFolder(dataDirectory: string): string {
  return path.join(dataDirectory, 'exports')
}

function countNote(shown: number | undefined, written: number): string | null {
  if (shown === undefined || shown === written) return null
  return `The view showed ${shown.toLocaleString('en-US')} events and the export holds ${written.toLocaleString('en-US')}: the cache changed between the count and the export (a sync landed). The export holds every matching event as of its start.`
}

function boundaryError(cause: unknown, logger: ExportDependencies['ports']['logger']) {
  if (cause instanceof CoreError) return { code: cause.code, message: cause.message }
  logger.error('export failed', { error: cause instanceof Error ? cause.message : 'unknown' })
  return {
    code: 'internal',
    message: 'The export failed unexpectedly; nothing was written. The app log has the details.',
  }
}

function cancelledJob(kind: ExportJob['kind'], label: string, at: number): ExportJob {
  return {
    id: `job_${randomBytes(8).toString('hex')}`,
    kind,
    label,
    startedAt: at,
    state: 'cancelled',
    rowsWritten: 0,
    totalRows: 0,
    result: null,
    error: { code: 'cancelled', message: 'No file was chosen, so nothing was exported.' },
  }
}

/** A time stamp fit for file names: `20261126T190512Z`. */
function stampOf(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

const formatNames = { csv: 'CSV', xlsx: 'XLSX', jsonl: 'JSON Lines' } as const
const streamNames: Record<Stream, string> = {
  'audit-events': 'audit events',
  'request-logs': 'API request logs',
}
