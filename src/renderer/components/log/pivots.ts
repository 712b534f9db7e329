// The pivots the detail panel offers for one event: everything by the same actor, from the same
// IP, with the same API key, on the same resource, or around the same moment.
import type { LogRow, Pivot, Stream } from './types'

/** The window sizes offered for "events within ±N minutes". */
export const aroundMinutes = [5, 15, 60] as const

/** One of the offered window sizes. */
export type AroundMinutes = (typeof aroundMinutes)[number]

/** The field pivots an event allows; a pivot is absent when the event lacks its value. */
export type FieldPivots = {
  actor?: Extract<Pivot, { kind: 'actor' }>
  ip?: Extract<Pivot, { kind: 'ip' }>
  apiKey?: Extract<Pivot, { kind: 'apiKey' }>
  resource?: Extract<Pivot, { kind: 'resource' }>
}

/** A column's value when it is a non-blank string; ids are strings, so numbers do not qualify. */
function text(row: LogRow, name: string): string | undefined {
  const value = row.columns[name]
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}

/** The pivots this event allows, with the exact stored values (never trimmed or changed). */
export function pivotsFor(stream: Stream, row: LogRow): FieldPivots {
  const pivots: FieldPivots = {}
  const ip = text(row, 'ip_address')
  if (ip !== undefined) pivots.ip = { kind: 'ip', value: ip }
  if (stream === 'request-logs') {
    const key = text(row, 'api_key_id') ?? text(row, 'api_key_last4')
    if (key !== undefined) pivots.apiKey = { kind: 'apiKey', value: key }
    return pivots
  }
  const actor = text(row, 'actor_id')
  if (actor !== undefined) pivots.actor = { kind: 'actor', value: actor }
  if (text(row, 'actor_type') === 'api_key') {
    const key = actor ?? text(row, 'actor_last4')
    if (key !== undefined) pivots.apiKey = { kind: 'apiKey', value: key }
  }
  const resourceType = text(row, 'resource_type')
  const resourceId = text(row, 'resource_id')
  if (resourceType !== undefined && resourceId !== undefined) {
    pivots.resource = { kind: 'resource', type: resourceType, id: resourceId }
  }
  return pivots
}

/** Events within ±minutes of this one; undefined when the event's time is not a valid instant. */
export function aroundPivot(row: LogRow, minutes: AroundMinutes): Pivot | undefined {
  if (!Number.isFinite(row.occurredAt)) return undefined
  return { kind: 'around', at: row.occurredAt, minutes }
}

/** Whether a value is one of the offered window sizes (for a select element's string value). */
export function isAroundMinutes(value: number): value is AroundMinutes {
  return aroundMinutes.some((minutes) => minutes === value)
}
