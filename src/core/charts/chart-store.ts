// Small reads the charts make on the main thread: the time span of an organization's events (the
// range when the filter gives none) and the names of API keys.
import type Database from 'better-sqlite3'

/** Statements over the cache for the chart service. */
export function createChartStore(db: Database.Database) {
  // `+e.connection_id` keeps SQLite on the time index: it stops at the first row of the
  // organization instead of reading all of its rows through the organization's index.
  const edge = (table: string, direction: 'ASC' | 'DESC') =>
    db
      .prepare<[string], number>(
        `SELECT e.occurred_at FROM ${table} AS e WHERE +e.connection_id = ?
         ORDER BY e.occurred_at ${direction} LIMIT 1`,
      )
      .pluck()
  const edges = [
    [edge('audit_events', 'ASC'), edge('audit_events', 'DESC')],
    [edge('request_logs', 'ASC'), edge('request_logs', 'DESC')],
  ] as const
  const keyNames = db.prepare<[string, string], { last4: string; name: string | null }>(
    'SELECT last4, name FROM api_keys WHERE connection_id = ? AND key_id = ? ORDER BY name IS NULL, name',
  )
  return {
    /** The first and last event time of the organization over both streams, or undefined. */
    extent(connectionId: string): { first: number; last: number } | undefined {
      let first: number | undefined
      let last: number | undefined
      for (const [oldest, newest] of edges) {
        const low = oldest.get(connectionId)
        const high = newest.get(connectionId)
        if (low !== undefined) first = first === undefined ? low : Math.min(first, low)
        if (high !== undefined) last = last === undefined ? high : Math.max(last, high)
      }
      return first === undefined || last === undefined ? undefined : { first, last }
    },
    /** How an API key is named (its first name in the cache) and its last 4 characters. */
    keyName(connectionId: string, keyId: string): { name: string | null; last4: string | null } {
      const row = keyNames.get(connectionId, keyId)
      return { name: row?.name ?? null, last4: row?.last4 ?? null }
    },
  }
}
