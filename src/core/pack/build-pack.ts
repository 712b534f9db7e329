// Builds an audit pack (issue 7, item 2): one zip with the period's events in CSV, XLSX and JSON
// Lines per stream, summary.xlsx, findings, annotations, the reviewer activity log, a signed
// manifest, the installation's public key, SHA256SUMS and a README. Everything is read from one
// snapshot so every count agrees; the zip appears whole or not at all; the pack is then recorded
// in the activity log.
import { sign } from 'node:crypto'
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
import { appVersion } from '../app-version'
import { CoreError } from '../errors'
import { openSnapshot, type Snapshot } from '../export/snapshot'
import { engagementKey, keyId } from '../signing/engagement-key'
import { loadInstallationKey } from '../signing/installation-key'
import { dayMs, parseDayText } from '../verify/days'
import { packFiles, packFormat, type PackManifest } from './manifest'
import { packReadme } from './pack-readme'
import { createPackStore } from './pack-store'
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
  const snapshot = openSnapshot(input.cacheFile)
  const work = await fs.mkdtemp(
    path.join(path.dirname(input.outPath), `.${path.basename(input.outPath)}.parts-`),
  )
  try {
    const built = await buildInto(input, { period, key, signingKey, snapshot, work })
    await writeZip(input.outPath, built.members, new Date(built.exportedAt), input.signal)
    const zip = await hashFile(input.outPath)
    const zipSummary = { name: path.basename(input.outPath), rows: built.rows, ...zip }
    const activity = appendActivity(input.db, {
      at: input.clock(),
      reviewer: input.reviewer,
      kind: 'pack',
      connectionId: input.connectionId,
      description: `Audit pack ${input.from} to ${input.to} (${input.streams.join(', ')}), redaction ${input.redaction}`,
      filter: JSON.stringify(built.filter),
      files: [zipSummary, ...built.files],
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
  const { period, snapshot, work } = context
  const store = createPackStore(snapshot.db)
  const connection = store.connection(input.connectionId)
  if (connection === undefined) {
    throw new CoreError('not_found', `There is no connection ${input.connectionId} in this cache.`)
  }
  const filter: EventFilter = {
    ...input.filter,
    connectionId: input.connectionId,
    from: period.fromMs,
    to: period.toMs,
  }
  const values = createValueRedaction(input.redaction, context.key)
  const outputs: StreamOutput[] = []
  for (const stream of [...new Set(input.streams)]) {
    outputs.push(
      await writeStreamFiles({
        ...input,
        stream,
        filter,
        period,
        key: context.key,
        snapshot,
        work,
        store,
      }),
    )
  }
  const exportedAt = input.clock()
  const write = async (name: string, text: string): Promise<ZipMember> => {
    const file = path.join(work, name)
    await fs.writeFile(file, text, { flag: 'wx' })
    return { name, path: file }
  }
  const jsonl = (lines: readonly string[]) => lines.map((line) => `${line}\n`).join('')
  const findings = periodFindings(store, input.connectionId, period, values.scrub)
  const annotated = new Map(outputs.map((output) => [output.stream, output.annotatedIds] as const))
  const annotationLines = exportedAnnotations(snapshot, input.connectionId, annotated, values.scrub)
  const activity = activityLines(snapshot, values.scrub)
  const streams = outputs.map((output) => {
    const days = streamDays({
      snapshot,
      store,
      connectionId: input.connectionId,
      stream: output.stream,
      period,
      exportedByDay: output.tally.byDay,
      now: exportedAt,
    })
    return { output, ...days }
  })
  const summaryPath = path.join(work, packFiles.summary)
  const summaryTransformations = await writeSummary(summaryPath, {
    tallies: outputs.map((output) => output.tally),
    findings: findings.rows,
    days: streams.flatMap(({ output, days }) =>
      days.map((day) => ({
        stream: output.stream,
        date: day.date,
        cacheEvents: day.cacheEvents,
        exportedRows: day.exportedRows,
        serverCount: day.serverCount,
        coverage: day.coverage,
        digest: day.digestStatus ?? 'not checked',
      })),
    ),
  })
  const manifestBase = {
    format: packFormat,
    appVersion,
    organization: { id: connection.organizationId, name: connection.organizationName },
    baseUrl: connection.baseUrl,
    connectionId: connection.id,
    exportedBy: input.reviewer,
    exportedAt: new Date(exportedAt).toISOString(),
    period: { from: input.from, to: input.to },
    filter: values.scrub(filter),
    redaction: {
      profile: input.redaction,
      engagement: input.redaction === 'none' ? null : input.engagement,
      keyId: context.key === null ? null : keyId(context.key),
    },
    signingKey: {
      file: packFiles.publicKey,
      algorithm: 'Ed25519' as const,
      fingerprint: context.signingKey.fingerprint,
    },
  }
  const members: ZipMember[] = [
    ...outputs.flatMap((output) => output.members),
    { name: packFiles.summary, path: summaryPath },
    await write(packFiles.findings, jsonl(findings.lines)),
    await write(packFiles.annotations, jsonl(annotationLines)),
    await write(packFiles.activity, jsonl(activity.lines)),
    await write(packFiles.publicKey, context.signingKey.publicKeyPem),
    await write(packFiles.readme, packReadme(manifestBase)),
  ]
  const rowsOf = new Map<string, number>([
    ...outputs.flatMap((output) => output.members.map((m) => [m.name, output.rows] as const)),
    [packFiles.findings, findings.lines.length],
    [packFiles.annotations, annotationLines.length],
    [packFiles.activity, activity.lines.length],
  ])
  const files: WrittenFileSummary[] = []
  for (const member of members) {
    files.push({
      name: member.name,
      rows: rowsOf.get(member.name) ?? 0,
      ...(await hashFile(member.path)),
    })
  }
  const redactionCounts = sumCounts([...outputs.map((output) => output.redaction), values.counts()])
  const fileTransformations: Record<string, Record<string, number>> = {
    ...Object.fromEntries(outputs.flatMap((output) => Object.entries(output.transformations))),
    [packFiles.summary]: summaryTransformations,
  }
  const manifest: PackManifest = {
    ...manifestBase,
    streams: streams.map(({ output, days, population }) => ({
      stream: output.stream,
      population,
      exportedRows: output.rows,
      files: output.names,
      days,
    })),
    serverDigests: serverDigests(store, input.connectionId, input.streams, period),
    transformations: { redaction: redactionCounts, files: fileTransformations },
    activityLog: { entries: activity.entries, redactedEntryIds: activity.redactedEntryIds },
    files,
  }
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`
  const manifestMember = await write(packFiles.manifest, manifestText)
  const signature = sign(null, Buffer.from(manifestText, 'utf8'), context.signingKey.privateKey)
  const signatureFile = path.join(work, packFiles.signature)
  await fs.writeFile(signatureFile, signature, { flag: 'wx' })
  const signed = [manifestMember, { name: packFiles.signature, path: signatureFile }]
  const sums: string[] = []
  for (const member of [...members, ...signed]) {
    const hashed = files.find((file) => file.name === member.name) ?? (await hashFile(member.path))
    sums.push(`${hashed.sha256}  ${member.name}\n`)
  }
  const sumsMember = await write(packFiles.sums, sums.join(''))
  const rows = outputs.reduce((sum, output) => sum + output.rows, 0)
  return {
    members: [...members, ...signed, sumsMember],
    files,
    rows,
    transformations: sumCounts([redactionCounts, ...Object.values(fileTransformations)]),
    filter,
    exportedAt,
  }
}

function sumCounts(all: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {}
  for (const counts of all) {
    for (const [name, n] of Object.entries(counts)) total[name] = (total[name] ?? 0) + n
  }
  return total
}
