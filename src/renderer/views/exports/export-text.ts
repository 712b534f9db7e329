// The words and defaults of the export dialog and the Exports view: what each transformation is
// called, which columns a stream offers, the default pack period, and where a download is served.
import type { AuditPeriod } from '../../../shared/sync-status-schemas'
import {
  auditExportColumns,
  requestExportColumns,
  type ExportFormat,
} from '../../../shared/export-schemas'
import type { Stream } from '../../../shared/filter'
import { formatCount } from '../../format'

const dayMs = 86_400_000

/** The columns an export of `stream` can hold, in their default order. */
export function columnsOf(stream: Stream): readonly string[] {
  return stream === 'audit-events' ? auditExportColumns : requestExportColumns
}

/** The formats, with what each is for. */
export const formatChoices: readonly { value: ExportFormat; label: string; detail: string }[] = [
  { value: 'csv', label: 'CSV', detail: 'RFC 4180, UTF-8; opens in any spreadsheet' },
  { value: 'xlsx', label: 'XLSX', detail: 'an Excel workbook with date cells and filters' },
  { value: 'jsonl', label: 'JSON Lines', detail: 'the raw events, for a SIEM' },
]

const transformationWords: Record<string, string> = {
  formula_neutralised: 'Formula-like cells neutralised',
  characters_replaced: 'Cells with invalid or control characters replaced',
  cell_truncated: 'Cells over 32,767 characters truncated',
  emails_pseudonymised: 'Email addresses pseudonymised',
  ips_pseudonymised: 'IP addresses pseudonymised',
  user_agents_dropped: 'User agents left out',
  metadata_dropped: 'Metadata left out',
}

/** A transformation and its count in words: `Formula-like cells neutralised: 3`. */
export function describeTransformation(name: string, count: number): string {
  const words = transformationWords[name] ?? name.replaceAll('_', ' ')
  return `${words}: ${formatCount(count)}`
}

/** The transformations worth listing, in a stable order (names A-Z). */
export function transformationLines(transformations: Record<string, number>): string[] {
  return Object.keys(transformations)
    .sort()
    .map((name) => describeTransformation(name, transformations[name] ?? 0))
}

/** A UTC calendar date of an instant, `YYYY-MM-DD`. */
export const utcDate = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10)

/** The pack period to start from: the audit period of Settings, else the last 30 days (UTC). */
export function defaultPackPeriod(
  auditPeriod: AuditPeriod | null | undefined,
  now: number,
): { from: string; to: string } {
  if (auditPeriod !== null && auditPeriod !== undefined)
    return { from: auditPeriod.from, to: auditPeriod.to }
  return { from: utcDate(now - 29 * dayMs), to: utcDate(now) }
}

/** Where browser mode serves a finished export (same origin, behind the launch token cookie). */
export const downloadHref = (downloadName: string): string =>
  `/exports/download/${encodeURIComponent(downloadName)}`

/** A job's progress in words: `1,200 of 4,000 events (30%)`. */
export function progressText(rowsWritten: number, totalRows: number): string {
  if (totalRows === 0) return `${formatCount(rowsWritten)} events`
  const percent = Math.min(100, Math.floor((rowsWritten / totalRows) * 100))
  return `${formatCount(rowsWritten)} of ${formatCount(totalRows)} events (${String(percent)}%)`
}

/** This runtime's IANA time zones, the given zone first among them when it is missing. */
export function timeZones(local: string): string[] {
  const zones =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  const all = zones.includes('UTC') ? zones : [...zones, 'UTC']
  return all.includes(local) ? all : [local, ...all]
}
