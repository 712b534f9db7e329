// summary.xlsx of an audit pack: the exported events counted by category, action, actor and day
// (tallied from the very rows written, after redaction, so the counts agree with the data files),
// the findings of the period and each day's coverage. Text cells get the exports' documented
// transformations (formula neutralisation and the rest), counted for the manifest.
import ExcelJS from 'exceljs'
import type { Stream } from '../../shared/filter'
import { cleanText, escapeForXlsx, truncateForXlsx } from '../export/cell-text'
import { xlsxTimeFormat } from '../export/xlsx-writer'
import type { EventRow } from '../query/event-query'
import { dayText } from '../verify/days'

/** The counted dimensions of one stream's exported events. */
export type StreamTally = {
  stream: Stream
  rows: number
  byCategory: Map<string, number>
  byAction: Map<string, number>
  byActor: Map<string, number>
  byDay: Map<string, number>
}

const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : ''

/** Counts rows of `stream` as they are written. */
export function createTally(stream: Stream): { add(row: EventRow): void; tally: StreamTally } {
  const tally: StreamTally = {
    stream,
    rows: 0,
    byCategory: new Map(),
    byAction: new Map(),
    byActor: new Map(),
    byDay: new Map(),
  }
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1)
  return {
    tally,
    add(row) {
      const c = row.columns
      tally.rows += 1
      if (stream === 'audit-events') {
        bump(tally.byCategory, text(c.category))
        bump(tally.byAction, text(c.action))
        bump(tally.byActor, text(c.actor_email ?? c.actor_name ?? c.actor_id))
      } else {
        bump(tally.byCategory, text(c.status_code))
        bump(tally.byAction, `${text(c.method)} ${text(c.endpoint)}`)
        bump(tally.byActor, text(c.api_key_name ?? c.api_key_last4 ?? c.api_key_id) || '(no key)')
      }
      bump(tally.byDay, dayText(Math.floor(row.occurredAt / 86_400_000)))
    },
  }
}

/** A finding as the summary lists it. */
export type SummaryFinding = {
  id: string
  rule: string
  severity: string
  status: string
  windowStart: number
  windowEnd: number
  explanation: string
}

/** A day of a stream's coverage as the summary lists it. */
export type SummaryDay = {
  stream: Stream
  date: string
  cacheEvents: number
  exportedRows: number
  serverCount: number | null
  coverage: string
  digest: string
}

type Cell = string | number | Date | null

/** Writes summary.xlsx to `path`; returns the transformations applied to its text cells. */
export async function writeSummary(
  path: string,
  input: { tallies: StreamTally[]; findings: SummaryFinding[]; days: SummaryDay[] },
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: false,
    useStyles: true,
  })
  const cell = (value: Cell): Cell =>
    typeof value === 'string'
      ? escapeForXlsx(truncateForXlsx(cleanText(value, counts), counts))
      : value
  const sheet = (
    name: string,
    headers: string[],
    rows: Iterable<Cell[]>,
    widths: number[],
    dateColumns: readonly number[] = [],
  ) => {
    const worksheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
    worksheet.columns = widths.map((width, index) => ({
      width,
      ...(dateColumns.includes(index) ? { style: { numFmt: xlsxTimeFormat } } : {}),
    }))
    const header = worksheet.addRow(headers)
    header.font = { bold: true }
    header.commit()
    let written = 1
    for (const row of rows) {
      worksheet.addRow(row.map(cell)).commit()
      written += 1
    }
    worksheet.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: written, column: headers.length },
    }
    worksheet.commit()
  }
  const counted = (pick: (tally: StreamTally) => Map<string, number>) =>
    input.tallies.flatMap((tally) =>
      [...pick(tally)]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .map(([value, n]): Cell[] => [tally.stream, value, n]),
    )
  sheet(
    'By category',
    ['stream', 'category (requests: status code)', 'events'],
    counted((t) => t.byCategory),
    [16, 40, 12],
  )
  sheet(
    'By action',
    ['stream', 'action (requests: method and endpoint)', 'events'],
    counted((t) => t.byAction),
    [16, 50, 12],
  )
  sheet(
    'By actor',
    ['stream', 'actor (requests: API key)', 'events'],
    counted((t) => t.byActor),
    [16, 50, 12],
  )
  sheet(
    'By day',
    ['stream', 'day (UTC)', 'events'],
    input.tallies.flatMap((tally) =>
      [...tally.byDay]
        .sort((a, b) => (a[0] < b[0] ? -1 : 1))
        .map(([day, n]): Cell[] => [tally.stream, day, n]),
    ),
    [16, 14, 12],
  )
  sheet(
    'Findings',
    ['id', 'rule', 'severity', 'status', 'window start (UTC)', 'window end (UTC)', 'explanation'],
    input.findings.map((f): Cell[] => [
      f.id,
      f.rule,
      f.severity,
      f.status,
      new Date(f.windowStart),
      new Date(f.windowEnd),
      f.explanation,
    ]),
    [28, 30, 10, 14, 24, 24, 80],
    [4, 5],
  )
  sheet(
    'Coverage',
    [
      'stream',
      'day (UTC)',
      'cached events',
      'exported rows',
      'server count',
      'coverage',
      'server digest',
    ],
    input.days.map((d): Cell[] => [
      d.stream,
      d.date,
      d.cacheEvents,
      d.exportedRows,
      d.serverCount,
      d.coverage,
      d.digest,
    ]),
    [16, 14, 14, 14, 14, 14, 40],
  )
  await workbook.commit()
  return counts
}
