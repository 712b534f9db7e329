// SQL of the chart rollups' own progress (chart_rollup_state, migration 14): per source table, the
// last row summarised with its upstream id, and the time before which retention's deletions are
// reflected in the rollups.
import type Database from 'better-sqlite3'

/** The tables rollups summarise. */
export type RollupSource = 'request_logs' | 'audit_events'

/** Where the rollups of one source table stand. */
export type RollupState = {
  /** The last row summarised (0: none yet). */
  lastRowId: number
  /** That row's upstream id: another id at that row id means rows were deleted and ids reused. */
  lastEventId: string | null
  /** Retention's deletions before this time are reflected (null: none yet). */
  reconciledBefore: number | null
}

/** Statements over chart_rollup_state and the newest rows of the source tables. */
export function createRollupStateStore(db: Database.Database) {
  const read = db.prepare<
    [string],
    { last_row_id: number; last_event_id: string | null; reconciled_before: number | null }
  >('SELECT last_row_id, last_event_id, reconciled_before FROM chart_rollup_state WHERE name = ?')
  const save = db.prepare<{
    name: string
    lastRowId: number
    lastEventId: string | null
    reconciledBefore: number | null
  }>(
    `INSERT INTO chart_rollup_state (name, last_row_id, last_event_id, reconciled_before)
     VALUES (@name, @lastRowId, @lastEventId, @reconciledBefore)
     ON CONFLICT (name) DO UPDATE SET last_row_id = excluded.last_row_id,
       last_event_id = excluded.last_event_id, reconciled_before = excluded.reconciled_before`,
  )
  const newest = {
    request_logs: db.prepare<[], { row_id: number; id: string }>(
      'SELECT row_id, id FROM request_logs ORDER BY row_id DESC LIMIT 1',
    ),
    audit_events: db.prepare<[], { row_id: number; id: string }>(
      'SELECT row_id, id FROM audit_events ORDER BY row_id DESC LIMIT 1',
    ),
  }
  const idAt = {
    request_logs: db
      .prepare<[number], string>('SELECT id FROM request_logs WHERE row_id = ?')
      .pluck(),
    audit_events: db
      .prepare<[number], string>('SELECT id FROM audit_events WHERE row_id = ?')
      .pluck(),
  }
  const connections = db.prepare<[], string>('SELECT id FROM connections ORDER BY id').pluck()
  return {
    /** Every organization in the cache. */
    connections: (): string[] => connections.all(),
    /** The state of a source's rollups (none summarised yet when never saved). */
    read(source: RollupSource): RollupState {
      const row = read.get(source)
      return {
        lastRowId: row?.last_row_id ?? 0,
        lastEventId: row?.last_event_id ?? null,
        reconciledBefore: row?.reconciled_before ?? null,
      }
    },
    save(source: RollupSource, state: RollupState): void {
      save.run({ name: source, ...state })
    },
    /** The source's newest row (highest row id) and its upstream id, or undefined when empty. */
    newest(source: RollupSource): { rowId: number; id: string } | undefined {
      const row = newest[source].get()
      return row === undefined ? undefined : { rowId: row.row_id, id: row.id }
    },
    /** The upstream id stored at a row id, or undefined when no row has it. */
    eventIdAt(source: RollupSource, rowId: number): string | undefined {
      return idAt[source].get(rowId)
    },
    /**
     * Whether the source's rollups summarise every row it holds now: its newest row is the last
     * one summarised (so charts may read them instead of the events).
     */
    isCurrent(source: RollupSource): boolean {
      const state = this.read(source)
      const top = this.newest(source)
      if (top === undefined) return state.lastRowId === 0
      return state.lastRowId === top.rowId && state.lastEventId === top.id
    },
  }
}
