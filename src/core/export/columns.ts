// The columns of one export file: the chosen stream columns in order (checked against the
// stream), the optional local-time column after occurred_at, and the annotation and finding
// columns. Each column says what kind of value it holds so writers format and size it.
import {
  auditExportColumns,
  requestExportColumns,
  type ExportOptions,
} from '../../shared/export-schemas'
import type { Stream } from '../../shared/filter'
import { CoreError } from '../errors'
import type { EventRow } from '../query/event-query'
import { metadataText } from './metadata-text'

/** What a column holds: writers format times and size widths by it. */
export type ColumnKind = 'time' | 'local-time' | 'id' | 'number' | 'text' | 'long-text'

/** What a page lookup found for one event (annotations, findings). */
export type RowExtras = {
  tags: string
  starred: boolean
  comment: string | null
  findings: string
}

/** A cell before formatting: epoch ms for time columns, text, a number or empty. */
export type CellValue = string | number | null

/** One column of an export file. */
export type ExportColumn = {
  name: string
  header: string
  kind: ColumnKind
  read(row: EventRow, extras: RowExtras | undefined): CellValue
}

const streamColumns: Record<Stream, readonly string[]> = {
  'audit-events': auditExportColumns,
  'request-logs': requestExportColumns,
}

const kinds: Record<string, ColumnKind> = {
  occurred_at: 'time',
  recorded_at: 'time',
  id: 'id',
  seq: 'number',
  status_code: 'number',
  duration_ms: 'number',
  user_agent: 'long-text',
  metadata: 'long-text',
  endpoint: 'long-text',
}

/**
 * The columns of a file for `stream` with `options`; an unknown column or time zone is an
 * invalid_input error naming it and what is allowed.
 */
export function exportColumns(stream: Stream, options: ExportOptions): ExportColumn[] {
  const allowed = streamColumns[stream]
  const chosen = options.columns ?? allowed
  for (const name of chosen) {
    if (!allowed.includes(name)) {
      throw new CoreError(
        'invalid_input',
        `The column "${name}" is not one of the ${stream} columns; choose from: ${allowed.join(', ')}.`,
      )
    }
  }
  const columns = [...new Set(chosen)].map(streamColumn)
  if (options.localTimeZone !== undefined) {
    const local = localTimeColumn(options.localTimeZone)
    const at = columns.findIndex((column) => column.name === 'occurred_at')
    columns.splice(at + 1, 0, local)
  }
  if (options.includeAnnotations) {
    columns.push(
      extraColumn('tags', 'text', (extras) => extras.tags),
      extraColumn('starred', 'text', (extras) => (extras.starred ? 'true' : 'false')),
      extraColumn('comment', 'long-text', (extras) => extras.comment),
    )
  }
  if (options.includeFindings) {
    columns.push(extraColumn('findings', 'long-text', (extras) => extras.findings))
  }
  return columns
}

function streamColumn(name: string): ExportColumn {
  const kind = kinds[name] ?? 'text'
  const read = (row: EventRow): CellValue => {
    if (name === 'occurred_at') return row.occurredAt
    if (name === 'id') return row.id
    if (name === 'seq') return row.seq
    if (name === 'metadata') return metadataText(row.raw)
    const value = row.columns[name]
    return typeof value === 'string' || typeof value === 'number' ? value : null
  }
  return { name, header: name, kind, read }
}

function extraColumn(
  name: string,
  kind: ColumnKind,
  pick: (extras: RowExtras) => string | null,
): ExportColumn {
  return {
    name,
    header: name,
    kind,
    read: (_row, extras) => (extras === undefined ? null : pick(extras)),
  }
}

/** Checks an IANA zone name against the runtime's zones; invalid_input naming it when unknown. */
export function checkTimeZone(zone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
  } catch {
    throw new CoreError(
      'invalid_input',
      `Unknown time zone "${zone}": give an IANA time zone name such as Europe/Berlin or America/New_York.`,
    )
  }
}

function localTimeColumn(zone: string): ExportColumn {
  const format = checkTimeZone(zone)
  return {
    name: 'occurred_at_local',
    header: `occurred_at_local (${zone})`,
    kind: 'local-time',
    read: (row) => localTime(format, row.occurredAt),
  }
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0')

/** An instant as local ISO 8601 text with its offset in the formatter's zone. */
export function localTime(format: Intl.DateTimeFormat, at: number): string {
  const parts: Record<string, number> = {}
  for (const part of format.formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }
  const field = (name: string) => parts[name] ?? 0
  const milliseconds = ((at % 1000) + 1000) % 1000
  const wall = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
    milliseconds,
  )
  const offsetMinutes = Math.round((wall - at) / 60_000)
  const sign = offsetMinutes < 0 ? '-' : '+'
  const offset = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`
  return `${pad(field('year'), 4)}-${pad(field('month'))}-${pad(field('day'))}T${pad(field('hour'))}:${pad(field('minute'))}:${pad(field('second'))}.${pad(milliseconds, 3)}${offset}`
}
