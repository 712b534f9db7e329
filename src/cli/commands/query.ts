import Database from 'better-sqlite3'
import { createEventQuery, type EventRow } from '../../core/query/event-query'
import type { Stream } from '../../shared/filter'
import {
  chooseCacheConnection,
  connectionFlagHelp,
  connectionFlagOption,
} from '../connection-choice'
import { buildFilter, filterFlagOptions, parseStream } from '../filter-flags'
import { UsageError, type Command } from '../io'
import { parseOptions, parseWhole } from '../options'
import { formatTable } from '../table'
import { existingCacheFile } from '../cache-file'

/** `audit-desk query`: read events from a cache file. */
export const queryCommand: Command = {
  name: 'query',
  summary: 'Print events from a cache file, filtered',
  help: `Usage: audit-desk query --db FILE [--connection ID] [--stream audit-events|request-logs]
                        [--from ISO] [--to ISO] [--actor TEXT] [--action NAME] [--status S]
                        [--ip IP] [--text WORDS] [--limit N] [--format table|json|jsonl]

Prints the newest events of one organization matching every given filter, from the cache FILE
(read-only: it can run while the app or a sync holds the cache).

Options:
  --db FILE          cache file
${connectionFlagHelp}
  --stream NAME      audit-events (default) or request-logs
  --from ISO         events that occurred at or after this instant (RFC 3339, or YYYY-MM-DD)
  --to ISO           events that occurred before this instant
  --actor TEXT       actor id, or the start of an email or name; for request logs, the API key
                     id or its last 4 characters
  --action NAME      an action (template.deleted) or a prefix (template.*); for request logs,
                     the endpoint
  --status S         success or failure; for request logs also a code (404) or class (5xx)
  --ip IP            an IP address
  --text WORDS       words that must all appear (actor, resource, user agent, failure reason,
                     metadata)
  --limit N          at most N events, 1 to 100000 (default 100)
  --format F         table (default), json (one array with the typed fields), or jsonl (each
                     event's raw JSON as received, one per line)
  -h, --help         Show this help
`,
  run: (args, io) => {
    const { values } = parseOptions(args, {
      db: { type: 'string' },
      ...connectionFlagOption,
      ...filterFlagOptions,
      limit: { type: 'string' },
      format: { type: 'string' },
    })
    if (values.db === undefined) throw new UsageError('--db is required')
    const stream = parseStream(values.stream)
    const format = values.format ?? 'table'
    if (format !== 'table' && format !== 'json' && format !== 'jsonl') {
      throw new UsageError(`--format must be table, json or jsonl, not "${format}"`)
    }
    const flagFilter = buildFilter(values)
    const limit = parseWhole('limit', values.limit, 100, 1, 100_000)
    const file = existingCacheFile(values.db)
    const db = new Database(file, { readonly: true, fileMustExist: true })
    try {
      const connectionId = chooseCacheConnection(db, values.connection, file)
      const rows = createEventQuery(db).page(stream, { ...flagFilter, connectionId }, limit)
      io.stdout(render(rows, stream, format))
    } finally {
      db.close()
    }
    return Promise.resolve(0)
  },
}

function render(rows: EventRow[], stream: Stream, format: 'table' | 'json' | 'jsonl'): string {
  if (format === 'jsonl') return rows.map((row) => `${row.raw}\n`).join('')
  if (format === 'json')
    return `${JSON.stringify(
      rows.map((row) => ({
        id: row.id,
        seq: row.seq,
        ...row.columns,
        occurred_at: new Date(row.occurredAt).toISOString(),
      })),
      null,
      2,
    )}\n`
  const columns =
    stream === 'audit-events'
      ? ['occurred_at', 'action', 'actor', 'resource', 'ip_address', 'status']
      : [
          'occurred_at',
          'method',
          'endpoint',
          'status_code',
          'duration_ms',
          'api_key_last4',
          'ip_address',
        ]
  const cells = rows.map((row) => columns.map((column) => cell(row, column)))
  return `${formatTable(columns, cells)}\n${rows.length} event${rows.length === 1 ? '' : 's'}\n`
}

function cell(row: EventRow, column: string): string {
  const value = row.columns
  if (column === 'occurred_at') return new Date(row.occurredAt).toISOString()
  if (column === 'actor') return text(value.actor_email ?? value.actor_name ?? value.actor_id)
  if (column === 'resource') {
    return value.resource_type === null
      ? ''
      : `${text(value.resource_type)}:${text(value.resource_name ?? value.resource_id)}`
  }
  return text(value[column])
}

function text(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  return ''
}
