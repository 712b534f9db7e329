import { exportRecorded } from '../../core/export/recorded-export'
import { openSnapshot } from '../../core/export/snapshot'
import type { WrittenEventFile } from '../../core/export/write-events'
import { osReviewerName } from '../../core/reviewer'
import { openDatabaseFile } from '../../core/store/database'
import { currentReviewer } from '../../core/store/settings-store'
import { exportFormatSchema, type ExportOptions } from '../../shared/export-schemas'
import {
  chooseCacheConnection,
  connectionFlagHelp,
  connectionFlagOption,
} from '../connection-choice'
import { buildFilter, filterFlagHelp, filterFlagOptions, parseStream } from '../filter-flags'
import { UsageError, type CliIo, type Command } from '../io'
import { parseOptions } from '../options'
import { existingCacheFile, outputFile } from '../cache-file'

/** `audit-desk export`: write the events of a filter to a CSV, XLSX or JSON Lines file. */
export const exportCommand: Command = {
  name: 'export',
  summary: 'Export filtered events to CSV, XLSX or JSON Lines',
  help: `Usage: audit-desk export --db FILE --format csv|xlsx|jsonl --out FILE [--connection ID]
                         [filter flags] [--columns A,B,C] [--bom] [--local-time ZONE]
                         [--annotations] [--findings]

Writes every event of one stream and one organization matching the filter, oldest first, to
FILE, and records the export (who, when, organization, filter, file, SHA-256) in the cache's
reviewer activity log. The file appears only when complete: a cancel (Ctrl-C), a full disk or any
failure leaves no partial file and an older FILE untouched. CSV and XLSX cells that start like a formula are prefixed with ' and
characters a file cannot hold are replaced; every change is counted (see docs/exports.md).

Options:
  --db FILE          cache file (written: the activity log; not while the app or a sync holds it)
  --format F         csv (RFC 4180, UTF-8), xlsx (Excel), or jsonl (each event's raw JSON as
                     received, one per line, for a SIEM)
  --out FILE         the file to write
${connectionFlagHelp}
${filterFlagHelp}
  --columns A,B,C    only these columns, in this order (CSV and XLSX; default: all of the stream)
  --bom              CSV: start with a UTF-8 byte order mark (Excel on Windows needs it)
  --local-time ZONE  add occurred_at_local in this IANA time zone (Europe/Berlin)
  --annotations      add the reviewers' tags, star and latest comment of each event
  --findings         add the findings each event is evidence for
  -h, --help         Show this help
`,
  run: async (args, io) => {
    const { values } = parseOptions(args, {
      db: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      ...connectionFlagOption,
      ...filterFlagOptions,
      columns: { type: 'string' },
      bom: { type: 'boolean' },
      'local-time': { type: 'string' },
      annotations: { type: 'boolean' },
      findings: { type: 'boolean' },
    })
    if (values.db === undefined) throw new UsageError('--db is required')
    if (values.out === undefined || values.out === '') throw new UsageError('--out is required')
    const format = exportFormatSchema.safeParse(values.format)
    if (!format.success) {
      throw new UsageError(`--format must be csv, xlsx or jsonl, not "${values.format ?? ''}"`)
    }
    const stream = parseStream(values.stream)
    const flagFilter = buildFilter(values)
    const options = exportOptions(values)
    const file = existingCacheFile(values.db)
    const out = outputFile(values.out)
    const opened = openDatabaseFile(file, Date.now())
    const controller = new AbortController()
    void io.untilStopped().then(() => {
      controller.abort()
    })
    try {
      const connectionId = chooseCacheConnection(opened.db, values.connection, file)
      const filter = { ...flagFilter, connectionId }
      const snapshot = openSnapshot(file)
      let recorded: Awaited<ReturnType<typeof exportRecorded>>
      try {
        recorded = await exportRecorded({
          db: opened.db,
          snapshot,
          stream,
          filter,
          target: { format: format.data, path: out, options },
          reviewer: currentReviewer(opened.db, osReviewerName()),
          at: Date.now,
          describe: (rows) =>
            `${format.data.toUpperCase()} export of ${stream} (CLI): ${String(rows)} events`,
          signal: controller.signal,
          onProgress: progressReporter(io),
        })
      } finally {
        snapshot.close()
      }
      io.stdout(report(recorded.file, recorded.activity.id))
      return 0
    } finally {
      opened.close()
    }
  },
}

function exportOptions(values: Record<string, string | boolean | undefined>): ExportOptions {
  const columns = typeof values.columns === 'string' ? values.columns.split(',') : undefined
  if (columns?.some((name) => name.trim() === '') === true) {
    throw new UsageError('--columns needs column names separated by commas, such as id,action')
  }
  const zone = values['local-time']
  if (zone === '')
    throw new UsageError('--local-time needs an IANA time zone such as Europe/Berlin')
  return {
    bom: values.bom === true,
    includeAnnotations: values.annotations === true,
    includeFindings: values.findings === true,
    ...(columns === undefined ? {} : { columns: columns.map((name) => name.trim()) }),
    ...(typeof zone === 'string' ? { localTimeZone: zone } : {}),
  }
}

function progressReporter(io: CliIo): (rows: number, total: number) => void {
  return (rows, total) => {
    if (!io.stderrIsTty) return
    io.stderr(
      `\rWriting ${rows.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events`,
    )
    if (rows === total) io.stderr('\n')
  }
}

function report(result: WrittenEventFile, activityId: number): string {
  const changes = Object.entries(result.transformations)
  const lines = [
    `Wrote ${result.rows.toLocaleString('en-US')} events to ${result.path}`,
    `Bytes: ${String(result.bytes)}`,
    `SHA-256: ${result.sha256}`,
    ...(result.format === 'xlsx' ? [`Sheets: ${String(result.sheets)}`] : []),
    `Transformations: ${
      changes.length === 0
        ? 'none'
        : changes.map(([name, count]) => `${name} ${String(count)}`).join(', ')
    }`,
    `Recorded in the reviewer activity log as entry ${String(activityId)}.`,
  ]
  return `${lines.join('\n')}\n`
}
