// The resource an event acts on, for labelling: audit events name one (or none); requests never.
import type { LogRow } from '../../../shared/contract'
import type { Stream } from '../../../shared/filter'
import type { ResourceRef } from './LabelControl'

/** The event's resource type and id, or undefined when it has none (or is a request). */
export function resourceOf(stream: Stream, row: LogRow): ResourceRef | undefined {
  if (stream !== 'audit-events') return undefined
  const type = row.columns.resource_type
  const id = row.columns.resource_id
  return typeof type === 'string' && typeof id === 'string' && type !== '' && id !== ''
    ? { type, id }
    : undefined
}
