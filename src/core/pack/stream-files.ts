// One stream's data files of an audit pack: CSV, XLSX and JSON Lines written in one pass over the
// snapshot (export/write-events.ts), each event redacted first, tallied for the summary, and its
// id kept when reviewers annotated it.
import path from 'node:path'
import fs from 'node:fs/promises'
import type { EventFilter, Stream } from '../../shared/filter'
import type { ExportFormat } from '../../shared/export-schemas'
import type { Snapshot } from '../export/snapshot'
import { writeEvents } from '../export/write-events'
import type { EventRow } from '../query/event-query'
import type { PackPeriod } from './pack-contents'
import type { PackStore } from './pack-store'
import type { ZipMember } from './pack-zip'
import { createRedaction } from './redaction'
import { createTally, type StreamTally } from './summary'

/** What a stream contributed to the pack. */
export type StreamOutput = {
  stream: Stream
  rows: number
  members: ZipMember[]
  names: { csv: string; xlsx: string; jsonl: string }
  transformations: Record<string, Record<string, number>>
  redaction: Record<string, number>
  tally: StreamTally
  annotatedIds: string[]
  /** The SHA-256 and size of each data file, as written. */
  hashes: { name: string; sha256: string; bytes: number }[]
}

const formats: readonly ExportFormat[] = ['csv', 'xlsx', 'jsonl']
const plain = { bom: false, includeAnnotations: false, includeFindings: false }

/** Writes `stream`'s events matching `filter` into `work/data/`. */
export async function writeStreamFiles(input: {
  snapshot: Snapshot
  store: PackStore
  stream: Stream
  filter: EventFilter
  connectionId: string
  period: PackPeriod
  redaction: Parameters<typeof createRedaction>[0]
  key: Buffer | null
  work: string
  signal?: AbortSignal
  onProgress?: (phase: string, rowsWritten: number, totalRows: number) => void
}): Promise<StreamOutput> {
  const { stream, period } = input
  const redaction = createRedaction(input.redaction, stream, input.key)
  const counter = createTally(stream)
  const annotated = input.store.annotatedIds(input.connectionId, stream, period.fromMs, period.toMs)
  const annotatedIds: string[] = []
  const transform = (row: EventRow): EventRow => {
    if (annotated.has(row.id)) annotatedIds.push(row.id)
    const out = redaction.apply(row)
    counter.add(out)
    return out
  }
  await fs.mkdir(path.join(input.work, 'data'), { recursive: true })
  const names = {
    csv: `data/${stream}.csv`,
    xlsx: `data/${stream}.xlsx`,
    jsonl: `data/${stream}.jsonl`,
  }
  const written = await writeEvents({
    snapshot: input.snapshot,
    stream,
    filter: input.filter,
    targets: formats.map((format) => ({
      format,
      path: path.join(input.work, names[format]),
      options: plain,
    })),
    transform,
    ...(input.signal === undefined ? {} : { signal: input.signal }),
    ...(input.onProgress === undefined
      ? {}
      : {
          onProgress: (rows: number, total: number) => {
            input.onProgress?.(stream, rows, total)
          },
        }),
  })
  return {
    stream,
    rows: written.rows,
    members: formats.map((format) => ({
      name: names[format],
      path: path.join(input.work, names[format]),
    })),
    names,
    transformations: Object.fromEntries(
      written.files.map((file) => [names[file.format], file.transformations]),
    ),
    redaction: redaction.counts(),
    tally: counter.tally,
    annotatedIds,
    hashes: written.files.map((file) => ({
      name: names[file.format],
      sha256: file.sha256,
      bytes: file.bytes,
    })),
  }
}
