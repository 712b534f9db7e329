// SQL behind the Connections and sync-status screens: each connection with its streams' state and
// event counts, and the recorded sync runs. Read-only; the sync engine owns the writes.
import type Database from 'better-sqlite3'
import type { Stream } from '../../shared/filter'
import { streamTable } from './event-rows'

/** A connection with what the cache holds of each stream. */
export type ConnectionRecord = {
  id: string
  organizationId: string
  organizationName: string
  baseUrl: string
  addedAt: number
  streams: { stream: Stream; events: number; lastSeq: number; lastSuccessAt: number | null }[]
}

/** One sync run as recorded. */
export type RunRecord = {
  id: number
  stream: Stream
  startedAt: number
  endedAt: number | null
  outcome: 'running' | 'complete' | 'incomplete' | 'failed' | 'cancelled'
  pages: number
  newEvents: number
  duplicates: number
  conflicts: number
  quarantined: number
  errorCode: string | null
  errorMessage: string | null
}

type ConnectionRow = {
  id: string
  organization_id: string
  organization_name: string
  base_url: string
  added_at: number
}

const streams: readonly Stream[] = ['audit-events', 'request-logs']

/** Prepared reads over the connections, their stream state and their runs. */
export function createConnectionStore(db: Database.Database) {
  const list = db.prepare<[], ConnectionRow>(
    'SELECT id, organization_id, organization_name, base_url, added_at FROM connections ORDER BY added_at, id',
  )
  const state = db.prepare<[string, string], { last_seq: number; last_success_at: number | null }>(
    'SELECT last_seq, last_success_at FROM sync_state WHERE connection_id = ? AND stream = ?',
  )
  const counts = Object.fromEntries(
    streams.map((stream) => [
      stream,
      // The (connection_id, seq) index answers this without reading rows.
      db.prepare<[string], { n: number }>(
        `SELECT count(*) AS n FROM ${streamTable(stream)} WHERE connection_id = ?`,
      ),
    ]),
  ) as Record<Stream, Database.Statement<[string], { n: number }>> // one entry per stream, built just above
  const runs = db.prepare<[string, number], RunRecord>(
    `SELECT id, stream, started_at AS startedAt, ended_at AS endedAt, outcome, pages,
            new_events AS newEvents, duplicates, conflicts, quarantined,
            error_code AS errorCode, error_message AS errorMessage
     FROM sync_runs WHERE connection_id = ? ORDER BY started_at DESC, id DESC LIMIT ?`,
  )
  const find = db.prepare<[string], ConnectionRow>(
    'SELECT id, organization_id, organization_name, base_url, added_at FROM connections WHERE id = ?',
  )

  const toRecord = (row: ConnectionRow): ConnectionRecord => ({
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    baseUrl: row.base_url,
    addedAt: row.added_at,
    streams: streams.map((stream) => {
      const current = state.get(row.id, stream)
      return {
        stream,
        events: counts[stream].get(row.id)?.n ?? 0,
        lastSeq: current?.last_seq ?? 0,
        lastSuccessAt: current?.last_success_at ?? null,
      }
    }),
  })

  return {
    /** Every connection, oldest first. */
    list: (): ConnectionRecord[] => list.all().map(toRecord),
    /** One connection, or undefined. */
    find: (id: string): ConnectionRecord | undefined => {
      const row = find.get(id)
      return row === undefined ? undefined : toRecord(row)
    },
    /** The newest `limit` runs of a connection. */
    runs: (connectionId: string, limit: number): RunRecord[] => runs.all(connectionId, limit),
  }
}
