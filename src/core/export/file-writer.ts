// What each format's writer offers the export engine: pages of rows in, one finished file out.
import type { EventRow } from '../query/event-query'
import type { RowExtras } from './columns'
import type { TransformationCounts } from './cell-text'

/** The extras of a page by `extrasKey`, or undefined when no column needs them. */
export type PageExtras = Map<string, RowExtras> | undefined

/** A writer of one export file. */
export type FileWriter = {
  /** Every transformation applied so far, by name. */
  transformations: TransformationCounts
  /** Writes a page of rows (their extras by key); rejects on a write error. */
  writePage(rows: readonly EventRow[], extras: PageExtras): Promise<void>
  /** Completes the file; its bytes, SHA-256 and sheet count (1 for CSV and JSON Lines). */
  finish(): Promise<{ bytes: number; sha256: string; sheets: number }>
  /** Stops writing and closes the file, for the caller to remove. */
  abort(): Promise<void>
}
