// The log views' methods: pages by keyset, counts and single events, all through the one
// filter model (what the table shows is what an export will write).
import type Database from 'better-sqlite3'
import type { LogRow, MethodOutput, MethodParams } from '../../shared/contract'
import { CoreError } from '../errors'
import type { BackgroundQueries } from '../query/background-queries'
import { createEventQuery, type EventRow } from '../query/event-query'

const toLogRow = (row: EventRow): LogRow => ({
  rowId: row.rowId,
  id: row.id,
  seq: row.seq,
  occurredAt: row.occurredAt,
  // SELECT * of a STRICT table: INTEGER, REAL, TEXT or NULL, never a blob.
  columns: row.columns as LogRow['columns'],
})

/** Handlers of logs.query, logs.count and logs.get over the cache; counts run in `background`. */
export function createLogHandlers(db: () => Database.Database, background: BackgroundQueries) {
  let query: ReturnType<typeof createEventQuery> | undefined
  const events = () => (query ??= createEventQuery(db()))
  return {
    'logs.query': (input: MethodParams<'logs.query'>): Promise<MethodOutput<'logs.query'>> => {
      // One row more than asked says whether another page follows.
      const rows = events().page(
        input.stream,
        input.filter,
        input.limit + 1,
        input.after,
        input.order,
      )
      const shown = rows.slice(0, input.limit)
      const last = shown.at(-1)
      const next =
        rows.length > input.limit && last !== undefined
          ? { occurredAt: last.occurredAt, rowId: last.rowId }
          : null
      return Promise.resolve({ rows: shown.map(toLogRow), next })
    },
    'logs.count': async (
      input: MethodParams<'logs.count'>,
    ): Promise<MethodOutput<'logs.count'>> => ({
      count: await background.count(input.stream, input.filter),
    }),
    'logs.get': (input: MethodParams<'logs.get'>): Promise<MethodOutput<'logs.get'>> => {
      const row = events().get(input.stream, input.rowId)
      if (row === undefined) {
        throw new CoreError(
          'not_found',
          'That event is no longer in the cache (local retention may have removed it). Refresh the list.',
        )
      }
      return Promise.resolve({ row: toLogRow(row), raw: row.raw })
    },
  }
}
