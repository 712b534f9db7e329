import { columnSpecs, findColumn, type ColumnKind } from './columns'
import type { LogRow, Stream } from './types'

/** One field the detail panel lists. */
export type DetailField = { name: string; label: string; kind: ColumnKind }

/**
 * Every column the row carries, none left out: the stream's known fields in default column
 * order with their labels, then any other column by its name, alphabetically.
 */
export function fieldsOf(stream: Stream, row: LogRow): DetailField[] {
  const names = Object.keys(row.columns)
  const known = columnSpecs(stream).filter((column) => names.includes(column.id))
  const others = names
    .filter((name) => findColumn(stream, name) === undefined)
    .sort((left, right) => left.localeCompare(right, 'en'))
  return [
    ...known.map((column) => ({ name: column.id, label: column.label, kind: column.kind })),
    ...others.map((name): DetailField => ({ name, label: name, kind: 'text' })),
  ]
}
