// Builds an audit pack (issue 7, item 2): one zip with the period's events in CSV, XLSX and JSON
// Lines per stream, summary.xlsx, findings, annotations, the reviewer activity log, a signed
// manifest, the installation's public key, SHA256SUMS and a README. Everything is read from one
// snapshot so every count agrees; the zip appears whole or not at all; the pack is then recorded
// in the activity log.
import { sign as signBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type Database from 'better-sqlite3'
import type {
  ActivityEntry,
  RedactionProfile,
  WrittenFileSummary,
} from '../../shared/export-schemas'
import type { EventFilter, Stream } from '../../shared/filter'
import { appendActivity } from '../activity/activity-log'
import { CoreError } from '../errors'
import { openSnapshot, type Snapshot } from '../export/snapshot'
import { engagementKey } from '../signing/engagement-key'
import { loadInstallationKey } from '../signing/installation-key'
import { dayMs, parseDayText } from '../verify/days'
import { packFiles, type PackManifest } from './manifest'
import { assembleManifest, packHeader, readmeFacts } from './manifest-assembly'
import { packReadme } from './pack-readme'
import { createPackStore, type PackConnection, type PackStore } from './pack-store'
import {
  activityLines,
  exportedAnnotations,
  periodFindings,
  serverDigests,
  streamDays,
  type PackPeriod,
} from './pack-contents'
import { hashFile, writeZip, type ZipMember } from './pack-zip'
import { createValueRedaction } from './redaction'
import { writeStreamFiles, type StreamOutput } from './stream-files'
import { writeSummary } from './summary'

/** What a pack is made of and where it goes. */
export type BuildPackInput = {
  db: Database.Database
  cacheFile: string
  dataDirectory: string
  connectionId: string
  from: string
  to: string
  streams: Stream[]
  filter: EventFilter
  redaction: RedactionProfile
  engagement: string
  reviewer: string
  clock: () => number
  outPath: string
  signal?: AbortSignal
  /** better-sqlite3's native binding where the host loads it from elsewhere (Electron). */
  nativeBinding?: string
  onProgress?: (phase: string, rowsWritten: number, totalRows: number) => void
}

/** What a built pack holds. */
export type BuiltPack = {
  path: string
  rows: number
  files: WrittenFileSummary[]
  transformations: Record<string, number>
  activity: ActivityEntry
}

/** Builds the pack at `input.outPath` and records it in the activity log. */
export async function buildPack(input: BuildPackInput): Promise<BuiltPack> {
  const period = periodOf(input.from, input.to)
  const key =
    input.redaction === 'none' ? null : engagementKey(input.dataDirectory, input.engagement)
  const signingKey = loadInstallationKey(input.dataDirectory)
  const snapshot = openSnapshot(
    input.cacheFile,
    input.nativeBinding === undefined ? {} : { nativeBinding: input.nativeBinding },
  )
  const work = await fs.mkdtemp(
    path.join(path.dirname(input.outPath), `.${path.basename(input.outPath)}.parts-`),
  )
  try {
    const built = await buildInto(input, { period, key, signingKey, snapshot, work })
    // Recorded before the zip is renamed into place: a pack that could not be recorded never
    // appears, and an older file at the destination stays as it was.
    const record = async (tempPath: string): Promise<ActivityEntry> => {
      const zip = await hashFile(tempPath)
      const zipSummary = { name: path.basename(input.outPath), rows: built.rows, ...zip }
      return recordPack(input, {
        filter: JSON.stringify(built.filter),
        files: [zipSummary, ...built.files],
      })
    }
    const activity = await writeZip(input.outPath, built.members, new Date(built.exportedAt), {
      ...(input.signal === undefined ? {} : { signal: input.signal }),
      beforeCommit: record,
    })
    return {
      path: input.outPath,
      rows: built.rows,
      files: built.files,
      transformations: built.transformations,
      activity,
    }
  } finally {
    snapshot.close()
    await fs.rm(work, { recursive: true, force: true })
  }
}

/** Appends the pack's activity entry; a failure is export_write_failed naming the pack. */
function recordPack(
  input: BuildPackInput,
  made: { filter: string; files: WrittenFileSummary[] },
): ActivityEntry {
  try {
    return appendActivity(input.db, {
      at: input.clock(),
      reviewer: input.reviewer,
      kind: 'pack',
      connectionId: input.connectionId,
      description: `Audit pack ${input.from} to ${input.to} (${input.streams.join(', ')}), redaction ${input.redaction}`,
      ...made,
    })
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new CoreError(
      'export_write_failed',
      `The audit pack ${input.outPath} was removed because it could not be recorded in the reviewer activity log (${reason}); nothing was written there. Try again once the cache is writable.`,
      { cause },
    )
  }
}

function periodOf(from: string, to: string): PackPeriod {
  const fromDay = parseDayText(from)
  const toDay = parseDayText(to)
  if (fromDay === undefined || toDay === undefined) {
    throw new CoreError('invalid_input', 'The period must be two dates written YYYY-MM-DD.')
  }
  if (toDay < fromDay) throw new CoreError('invalid_input', 'The period ends before it starts.')
  return { fromDay, toDay, fromMs: fromDay * dayMs, toMs: (toDay + 1) * dayMs }
}

type BuildContext = {
  period: PackPeriod
  key: Buffer | null
  signingKey: ReturnType<typeof loadInstallationKey>
  snapshot: Snapshot
  work: string
}

type Built = {
  members: ZipMember[]
  files: WrittenFileSummary[]
  rows: number
  transformations: Record<string, number>
  filter: EventFilter
  exportedAt: number
}

async function buildInto(input: BuildPackInput, context: BuildContext): Promise<Built> {
  const store = createPackStore(context.snapshot.db)
  const connection = store.connection(input.connectionId)
  if (connection === undefined) {
    throw new CoreError('not_found', `There is no connection ${input.connectionId} in this cache.`)
  }
  const filter: EventFilter = {
    ...input.filter,
    connectionId: input.connectionId,
    from: context.period.fromMs,
    to: context.period.toMs,
  }
  const outputs: StreamOutput[] = []
  for (const stream of [...new Set(input.streams)]) {
    outputs.push(await writeStreamFiles({ ...input, ...context, stream, filter, store }))
  }
  const exportedAt = input.clock()
  const parts = await writeParts(input, context, { store, connection, filter, outputs, exportedAt })
  const files: WrittenFileSummary[] = []
  for (const member of parts.members) {
    const known = outputs
      .flatMap((output) => output.hashes)
      .find((hash) => hash.name === member.name)
    const hashed = known ?? (await hashFile(member.path))
    files.push({
      name: member.name,
      rows: parts.rows.get(member.name) ?? 0,
      sha256: hashed.sha256,
      bytes: hashed.bytes,
    })
  }
  // SHA256SUMS comes before the manifest, which carries its hash: the signature covers it, so
  // `sha256sum -c` cannot be fooled by an edited file and an edited SHA256SUMS line.
  const sums = await writeSums(context.work, parts.members, files)
  const manifest = assembleManifest({
    input,
    context,
    connection,
    header: parts.header,
    exportedAt,
    outputs,
    days: parts.days,
    digests: serverDigests(store, input.connectionId, input.streams, context.period),
    redaction: parts.redaction,
    summaryTransformations: parts.summaryTransformations,
    activity: parts.activity,
    sha256sums: (await hashFile(sums.path)).sha256,
    files,
  })
  const signed = await sign(context, manifest)
  return {
    members: [...parts.members, sums, ...signed],
    files,
    rows: outputs.reduce((sum, output) => sum + output.rows, 0),
    transformations: sumCounts([parts.redaction, ...Object.values(manifest.transformations.files)]),
    filter,
    exportedAt,
  }
}

/** The members besides the data files: findings, annotations, activity log, key, README, summary. */
async function writeParts(
  input: BuildPackInput,
  context: BuildContext,
  made: {
    store: PackStore
    connection: PackConnection
    filter: EventFilter
    outputs: StreamOutput[]
    exportedAt: number
  },
) {
  const { snapshot, period } = context
  const { store, outputs } = made
  const values = createValueRedaction(input.redaction, context.key)
  const header = packHeader(input, made.connection, made.filter, values.scrub)
  const findings = periodFindings(store, input.connectionId, period, values.scrub)
  const annotated = new Map(outputs.map((output) => [output.stream, output.annotatedIds] as const))
  const annotationLines = exportedAnnotations(snapshot, input.connectionId, annotated, values.scrub)
  const activity = activityLines(snapshot, values.scrub)
  const days = new Map(
    outputs.map((output) => {
      const { stream, tally } = output
      const { connectionId } = input
      const now = made.exportedAt
      const read = streamDays({
        snapshot,
        store,
        connectionId,
        stream,
        period,
        exportedByDay: tally.byDay,
        now,
      })
      return [stream, read] as const
    }),
  )
  const summaryPath = path.join(context.work, packFiles.summary)
  const summaryTransformations = await writeSummary(summaryPath, {
    tallies: outputs.map((output) => output.tally),
    findings: findings.rows,
    days: [...days].flatMap(([stream, read]) =>
      read.days.map((day) => ({ stream, ...day, digest: day.digestStatus ?? 'not checked' })),
    ),
  })
  const organizationId = made.connection.organizationId
  const readme = packReadme(
    readmeFacts(input, context, made.exportedAt, { organizationId, header }),
  )
  const members: ZipMember[] = [
    ...outputs.flatMap((output) => output.members),
    { name: packFiles.summary, path: summaryPath },
    await writeMember(context.work, packFiles.findings, jsonl(findings.lines)),
    await writeMember(context.work, packFiles.annotations, jsonl(annotationLines)),
    await writeMember(context.work, packFiles.activity, jsonl(activity.lines)),
    await writeMember(context.work, packFiles.publicKey, context.signingKey.publicKeyPem),
    await writeMember(context.work, packFiles.readme, readme),
  ]
  const rows = new Map<string, number>([
    ...outputs.flatMap((output) => output.members.map((m) => [m.name, output.rows] as const)),
    [packFiles.findings, findings.lines.length],
    [packFiles.annotations, annotationLines.length],
    [packFiles.activity, activity.lines.length],
  ])
  const redaction = sumCounts([...outputs.map((output) => output.redaction), values.counts()])
  return { members, rows, days, summaryTransformations, redaction, activity, header }
}

/** Writes SHA256SUMS: a `sha256sum` line for every member but the manifest, its signature and
 * SHA256SUMS itself. */
async function writeSums(
  work: string,
  members: readonly ZipMember[],
  files: readonly WrittenFileSummary[],
): Promise<ZipMember> {
  const sums: string[] = []
  for (const member of members) {
    const hashed = files.find((file) => file.name === member.name) ?? (await hashFile(member.path))
    sums.push(`${hashed.sha256}  ${member.name}\n`)
  }
  return writeMember(work, packFiles.sums, sums.join(''))
}

/** Writes manifest.json and its Ed25519 signature over its exact bytes. */
async function sign(context: BuildContext, manifest: PackManifest): Promise<ZipMember[]> {
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`
  const manifestMember = await writeMember(context.work, packFiles.manifest, manifestText)
  const signature = signBytes(
    null,
    Buffer.from(manifestText, 'utf8'),
    context.signingKey.privateKey,
  )
  const signatureMember = await writeMember(context.work, packFiles.signature, signature)
  return [manifestMember, signatureMember]
}

async function writeMember(
  work: string,
  name: string,
  content: string | Buffer,
): Promise<ZipMember> {
  const file = path.join(work, name)
  await fs.writeFile(file, content, { flag: 'wx' })
  return { name, path: file }
}

const jsonl = (lines: readonly string[]): string => lines.map((line) => `${line}\n`).join('')

function sumCounts(all: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {}
  for (const counts of all) {
    for (const [name, n] of Object.entries(counts)) total[name] = (total[name] ?? 0) + n
  }
  return total
}
