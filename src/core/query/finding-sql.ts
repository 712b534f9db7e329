// The filter model's `finding` condition (`finding:fnd_…` in the query bar) as filter-sql.ts joins
// it into a WHERE clause over a stream's table (aliased `e`): exactly the evidence events the
// finding lists (finding_evidence, keyed by upstream id), so a finding opens in the log table.
import type { EventFilter, Stream } from '../../shared/filter'

/** Binds a value under a name and returns the placeholder (see filter-sql.ts). */
type Bind = (name: string, value: string | number) => string

/**
 * The `finding` condition, or nothing when the filter has none. Every evidence event lies in the
 * finding's window, so the window bounds the time too: a plan walking the time index reads only
 * that window (a usage spike's hour among ten million requests), and one driven by the evidence
 * finds each event through the (connection_id, id) index.
 */
export function findingClauses(
  stream: Stream,
  filter: Pick<EventFilter, 'finding'>,
  bind: Bind,
  time: string,
): string[] {
  if (filter.finding === undefined) return []
  const id = bind('finding', filter.finding)
  return [
    `(e.connection_id, e.id) IN (SELECT v.connection_id, v.event_id FROM finding_evidence AS v WHERE v.finding_id = ${id} AND v.stream = ${bind('findingStream', stream)})`,
    `${time} >= (SELECT f.window_start FROM findings AS f WHERE f.id = ${id})`,
    `${time} <= (SELECT f.window_end FROM findings AS f WHERE f.id = ${id})`,
  ]
}
