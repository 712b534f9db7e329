// CSV per RFC 4180: CRLF line ends, a header row, fields holding a comma, quote, CR or LF quoted
// with quotes doubled; UTF-8 with an optional byte order mark. Times are ISO 8601 UTC text.
import type { ExportOptions } from '../../shared/export-schemas'
import type { EventRow } from '../query/event-query'
import { cleanText, type TransformationCounts } from './cell-text'
import type { ExportColumn, RowExtras } from './columns'
import { extrasKey } from './event-extras'
import type { FileWriter, PageExtras } from './file-writer'
import { HashingOutput } from './hashing-output'

const needsQuotes = /[",\r\n]/

/** One CSV field as RFC 4180 writes it. */
export function csvField(text: string): string {
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** Opens a CSV writer on `path` with `columns`; the header row is written first. */
export async function createCsvWriter(
  path: string,
  columns: readonly ExportColumn[],
  options: ExportOptions,
): Promise<FileWriter> {
  const output = new HashingOutput(path)
  const transformations: TransformationCounts = {}
  const header = columns.map((column) => csvField(cleanText(column.header, {}))).join(',')
  await output.writeText(`${options.bom ? '\uFEFF' : ''}${header}\r\n`)
  const cell = (column: ExportColumn, row: EventRow, extras: RowExtras | undefined): string => {
    const value = column.read(row, extras)
    if (value === null) return ''
    if (column.kind === 'time' && typeof value === 'number') return new Date(value).toISOString()
    if (typeof value === 'number') return String(value)
    return csvField(cleanText(value, transformations))
  }
  return {
    transformations,
    async writePage(rows: readonly EventRow[], extras: PageExtras) {
      let text = ''
      for (const row of rows) {
        const found = extras?.get(extrasKey(row))
        text += `${columns.map((column) => cell(column, row, found)).join(',')}\r\n`
      }
      await output.writeText(text)
    },
    async finish() {
      return { ...(await output.finish()), sheets: 1 }
    },
    abort: () => output.abort(),
  }
}
