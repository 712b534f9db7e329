// The columns each stream offers, in their default order, with default widths and visibility.
import type { LogRow, Stream } from './types'

/** How a column's value is rendered. */
export type ColumnKind =
  'time' | 'text' | 'number' | 'instant' | 'status-code' | 'duration' | 'audit-status'

/** One column a stream offers: identity, label, rendering and defaults. */
export type ColumnSpec = {
  id: string
  label: string
  kind: ColumnKind
  /** Default width in pixels. */
  width: number
  isDefaultVisible: boolean
  canHide: boolean
  value: (row: LogRow) => string | number | null
}

/** Narrowest and widest a column can be resized to, in pixels. */
export const columnWidthLimits = { min: 56, max: 960 } as const

/** The id of the always-present time column (its header toggles the sort). */
export const timeColumnId = 'time'

const field =
  (name: string) =>
  (row: LogRow): string | number | null =>
    row.columns[name] ?? null

/** The first of several fields that holds a non-empty value. */
const firstOf =
  (...names: string[]) =>
  (row: LogRow): string | number | null => {
    for (const name of names) {
      const value = row.columns[name]
      if (value !== undefined && value !== null && value !== '') return value
    }
    return null
  }

const lastFour =
  (name: string) =>
  (row: LogRow): string | null => {
    const value = row.columns[name]
    return value === undefined || value === null || value === '' ? null : `…${String(value)}`
  }

type Shown = [id: string, label: string, kind: ColumnKind, width: number, visible: boolean]

function spec([id, label, kind, width, visible]: Shown, value = field(id)): ColumnSpec {
  return { id, label, kind, width, isDefaultVisible: visible, canHide: true, value }
}

const timeColumn: ColumnSpec = {
  id: timeColumnId,
  label: 'Time',
  kind: 'time',
  width: 196,
  isDefaultVisible: true,
  canHide: false,
  value: (row) => row.occurredAt,
}

const identityColumns = (): ColumnSpec[] => [
  spec(['recorded_at', 'Recorded', 'instant', 196, false]),
  spec(['id', 'Event id', 'text', 220, false], (row) => row.id),
  spec(['seq', 'Sequence', 'number', 96, false], (row) => row.seq),
]

const auditColumns: readonly ColumnSpec[] = [
  timeColumn,
  spec(['action', 'Action', 'text', 200, true]),
  spec(['category', 'Category', 'text', 120, false]),
  spec(['actor', 'Actor', 'text', 220, true], (row) => {
    const named = firstOf('actor_email', 'actor_name', 'actor_id')(row)
    return named ?? lastFour('actor_last4')(row)
  }),
  spec(['actor_type', 'Actor type', 'text', 104, true]),
  spec(['actor_id', 'Actor id', 'text', 180, false]),
  spec(['actor_email', 'Actor email', 'text', 220, false]),
  spec(['actor_name', 'Actor name', 'text', 160, false]),
  spec(['actor_last4', 'Actor key last 4', 'text', 120, false]),
  spec(['resource_type', 'Resource type', 'text', 128, true]),
  spec(['resource', 'Resource', 'text', 200, true], firstOf('resource_name', 'resource_id')),
  spec(['resource_id', 'Resource id', 'text', 180, false]),
  spec(['resource_name', 'Resource name', 'text', 180, false]),
  spec(['ip_address', 'IP address', 'text', 136, true]),
  spec(['user_agent', 'User agent', 'text', 240, false]),
  spec(['status', 'Status', 'audit-status', 104, true]),
  spec(['failure_reason', 'Failure reason', 'text', 200, false]),
  ...identityColumns(),
]

const requestColumns: readonly ColumnSpec[] = [
  timeColumn,
  spec(['method', 'Method', 'text', 84, true]),
  spec(['endpoint', 'Endpoint', 'text', 280, true]),
  spec(['status_code', 'Status', 'status-code', 136, true]),
  spec(['duration_ms', 'Duration', 'duration', 100, true]),
  spec(['api_key', 'API key', 'text', 180, true], (row) => {
    const named = firstOf('api_key_name', 'api_key_id')(row)
    return named ?? lastFour('api_key_last4')(row)
  }),
  spec(['api_key_id', 'API key id', 'text', 180, false]),
  spec(['api_key_last4', 'API key last 4', 'text', 112, false]),
  spec(['api_key_name', 'API key name', 'text', 160, false]),
  spec(['ip_address', 'IP address', 'text', 136, true]),
  spec(['user_agent', 'User agent', 'text', 240, false]),
  spec(['error_code', 'Error code', 'text', 140, true]),
  ...identityColumns(),
]

/** The columns of a stream in default order. The same array is returned on every call. */
export function columnSpecs(stream: Stream): readonly ColumnSpec[] {
  return stream === 'audit-events' ? auditColumns : requestColumns
}

/** The column spec with this id, if the stream has one. */
export function findColumn(stream: Stream, id: string): ColumnSpec | undefined {
  return columnSpecs(stream).find((column) => column.id === id)
}
