// The filter model's `alert` condition (`alert:42` in the query bar) as filter-sql.ts joins it
// into a WHERE clause over audit_events (aliased `e`): exactly the event the alert is about, so
// the inbox can open it in the log table. Requests never raise alerts, so it matches none there.
import type { EventFilter, Stream } from '../../shared/filter'

/** Binds a value under a name and returns the placeholder (see filter-sql.ts). */
type Bind = (name: string, value: string | number) => string

/** The `alert` condition, or nothing when the filter has none. */
export function alertClauses(
  stream: Stream,
  filter: Pick<EventFilter, 'alert'>,
  bind: Bind,
): string[] {
  if (filter.alert === undefined) return []
  if (stream !== 'audit-events') return ['0']
  // The (connection_id, id) index finds the one event.
  return [
    `(e.connection_id, e.id) IN (SELECT a.connection_id, a.event_id FROM alerts AS a WHERE a.id = ${bind('alert', filter.alert)})`,
  ]
}
