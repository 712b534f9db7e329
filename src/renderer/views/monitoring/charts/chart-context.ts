// What every chart of the panel gets: the query as typed, each stream's filter parsed from it (the
// organization added), the data version (a sync bumps it) and how to follow a link.
import type { EventFilter } from '../../../../shared/filter'
import type { QueryFilter } from '../../../../shared/query-language'
import { brushedQuery, chartsHash } from './chart-links'

/** One stream's filter: for the core (with the organization) and for links (query text). */
export type StreamFilter = { filter: EventFilter; query: QueryFilter }

/** The charts' shared context. */
export type ChartContext = {
  query: string
  audit: StreamFilter
  requests: StreamFilter
  version: number
  /** Moves to a hash (a new entry in history, so back returns here). */
  go: (hash: string) => void
}

/** Narrows the Charts tab's query to [from, to) (a brush, or the zoom form). */
export function zoomTo(context: ChartContext, from: number, to: number): void {
  context.go(chartsHash(brushedQuery(context.query, from, to)))
}
