// Whether a filter can be answered from the rollups, decided by the filter SQL itself: the filter
// keeps only the fields a rollup has columns for, and if the WHERE clause filterToSql writes for
// that is the same as for the whole filter, the other fields add nothing and the rollup answers
// it exactly. Any field that adds a condition (text, endpoint, duration, tags, a field added
// later) sends the chart to the events.
import type { EventFilter, NegatedFilter, Stream } from '../../shared/filter'
import { filterToSql } from '../query/filter-sql'

type Fields = readonly (keyof EventFilter)[]
type NegatedFields = readonly (keyof NegatedFilter)[]

/** What each rollup has columns for (time and organization always). */
const rollupFields: Record<Stream, { fields: Fields; negated: NegatedFields }> = {
  'audit-events': {
    fields: ['connectionId', 'from', 'to', 'actor', 'ip', 'country', 'status'],
    negated: ['actor', 'ip', 'country', 'status'],
  },
  'request-logs': {
    fields: ['connectionId', 'from', 'to', 'actor', 'apiKey', 'status'],
    negated: ['actor', 'apiKey', 'status'],
  },
}

const pick = <T extends object>(value: T, keys: readonly (keyof T)[]): Partial<T> =>
  Object.fromEntries(
    keys.filter((key) => value[key] !== undefined).map((key) => [key, value[key]]),
  ) as Partial<T> // only keys of T, each with its own value

/** The filter with only the fields the stream's rollup has columns for. */
export function rollupPart(stream: Stream, filter: EventFilter): EventFilter {
  const { fields, negated } = rollupFields[stream]
  const kept: EventFilter = pick(filter, fields)
  const not = filter.not === undefined ? {} : pick(filter.not, negated)
  return Object.keys(not).length === 0 ? kept : { ...kept, not }
}

/** Whether the stream's rollup answers `filter` exactly (see the file comment). */
export function isRollupFilter(stream: Stream, filter: EventFilter): boolean {
  const whole = filterToSql(stream, filter)
  const part = filterToSql(stream, rollupPart(stream, filter))
  return whole.clause === part.clause && sameParams(whole.params, part.params)
}

function sameParams(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key])
}

/** Whether an action condition (exact, or `prefix.*`) holds for `action`, as the filter SQL reads it. */
function admits(condition: string, action: string): boolean {
  return condition.endsWith('.*') ? action.startsWith(condition.slice(0, -1)) : condition === action
}

/**
 * The filter's action conditions evaluated for events that all have `action` (sign-ins): false
 * when they exclude it, else the filter without them (they hold for every such event).
 */
export function withoutActionFor(filter: EventFilter, action: string): EventFilter | false {
  const { action: one, actions, not, ...rest } = filter
  const wanted = [...(one === undefined ? [] : [one]), ...(actions ?? [])]
  if (wanted.length > 0 && !wanted.some((condition) => admits(condition, action))) return false
  if (not === undefined) return rest
  const { action: notOne, actions: notMany, ...notRest } = not
  const excluded = [...(notOne === undefined ? [] : [notOne]), ...(notMany ?? [])]
  if (excluded.some((condition) => admits(condition, action))) return false
  return Object.keys(notRest).length === 0 ? rest : { ...rest, not: notRest }
}
