// One export of a filtered view, recorded in the reviewer activity log before its file is renamed
// into place: a file that cannot be recorded never appears, and an older file at the destination
// stays as it was. The app's export jobs and `audit-desk export` both go through here.
import path from 'node:path'
import type Database from 'better-sqlite3'
import type { ActivityEntry, WrittenFileSummary } from '../../shared/export-schemas'
import type { EventFilter, Stream } from '../../shared/filter'
import { appendActivity } from '../activity/activity-log'
import { CoreError } from '../errors'
import type { Snapshot } from './snapshot'
import { writeEvents, type ExportTarget, type WrittenEventFile } from './write-events'

/** The file a recorded export wrote and the activity entry that records it. */
export type RecordedExport = { file: WrittenEventFile; activity: ActivityEntry }

/** Writes `target` from the snapshot and records it (who, when, filter, file and hash). */
export async function exportRecorded(input: {
  db: Database.Database
  snapshot: Snapshot
  stream: Stream
  filter: EventFilter
  target: ExportTarget
  reviewer: string
  at: () => number
  /** The activity entry's description, given the rows written. */
  describe: (rows: number) => string
  signal?: AbortSignal
  onProgress?: (rowsWritten: number, totalRows: number) => void
}): Promise<RecordedExport> {
  let activity: ActivityEntry | undefined
  const written = await writeEvents({
    snapshot: input.snapshot,
    stream: input.stream,
    filter: input.filter,
    targets: [input.target],
    ...(input.signal === undefined ? {} : { signal: input.signal }),
    ...(input.onProgress === undefined ? {} : { onProgress: input.onProgress }),
    beforeCommit: (complete) => {
      activity = record(input.db, {
        at: input.at(),
        reviewer: input.reviewer,
        kind: 'export',
        connectionId: input.filter.connectionId ?? null,
        description: input.describe(complete[0]?.rows ?? 0),
        filter: JSON.stringify(input.filter),
        files: complete.map(summaryOf),
      })
    },
  })
  const [file] = written.files
  if (activity === undefined || file === undefined)
    throw new Error('the export finished without being recorded')
  return { file, activity }
}

/** Records an export in the activity log, or says why it is not written. */
function record(db: Database.Database, input: Parameters<typeof appendActivity>[1]) {
  try {
    return appendActivity(db, input)
  } catch (cause) {
    throw new CoreError(
      'export_write_failed',
      'The export could not be recorded in the reviewer activity log, so no file was written. Check that the cache is writable (not locked by another program) and export again.',
      { cause },
    )
  }
}

/** A written file as the activity log and job results name it. */
export function summaryOf(file: WrittenEventFile): WrittenFileSummary {
  return { name: path.basename(file.path), rows: file.rows, bytes: file.bytes, sha256: file.sha256 }
}
