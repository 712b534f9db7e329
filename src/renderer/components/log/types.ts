// The shapes the log components work with. They mirror what the core returns from `logs.query`
// and `logs.get`; they will point at the shared contract once it defines them.

/** Which upstream log a row comes from. */
export type Stream = 'audit-events' | 'request-logs'

/** One stored event as the table receives it: identity, time and its flat columns. */
export type LogRow = {
  /** The local store's row number: stable while the row is loaded, used for selection. */
  rowId: number
  /** The upstream event id (a string, never parsed). */
  id: string
  seq: number
  /** When the event happened, epoch milliseconds UTC. */
  occurredAt: number
  columns: Record<string, string | number | null>
}

/** A question the detail panel can ask of the whole log, starting from one event. */
export type Pivot =
  | { kind: 'actor'; value: string }
  | { kind: 'ip'; value: string }
  | { kind: 'apiKey'; value: string }
  | { kind: 'resource'; type: string; id: string }
  | { kind: 'around'; at: number; minutes: number }

/** How instants are shown: in UTC, or in the zone of this computer. */
export type TimeMode = 'utc' | 'local'

/** How much vertical room a table row takes. */
export type Density = 'compact' | 'comfortable'

/** The order of the table by time. */
export type SortDirection = 'desc' | 'asc'
