// Tags every event a filter matches (the "tag all N matching" action), in one transaction: the
// events are chosen by the very WHERE clause the table and exports use (filter-sql.ts), so what
// is tagged is exactly what is shown. Each newly tagged event gets its own log entry.
import type Database from 'better-sqlite3'
import type { EventFilter, Stream } from '../../shared/filter'
import type { Stamp } from '../store/annotation-store'
import { filterToSql } from './filter-sql'
import { registerSqlFunctions } from './sql-functions'

const tables: Record<Stream, string> = {
  'audit-events': 'audit_events',
  'request-logs': 'request_logs',
}

/** How many events the filter matched, and how many of them the tag was new to. */
export type BulkTagResult = { matched: number; tagged: number }

/** Builds the bulk tagger over `db` (registering the SQL functions filters need). */
export function createBulkTagger(db: Database.Database) {
  registerSqlFunctions(db)
  type Params = Record<string, string | number>
  return (stream: Stream, filter: EventFilter, tag: string, stamp: Stamp): BulkTagResult => {
    const where = filterToSql(stream, filter)
    const from = `FROM ${tables[stream]} AS e WHERE ${where.clause}`
    // Filter parameters never start with "bulk" (filter-sql.ts names them after fields).
    const params: Params = {
      ...where.params,
      bulkStream: stream,
      bulkTag: tag,
      bulkAuthor: stamp.author,
      bulkAt: stamp.at,
    }
    // Logged first, while the tags table still shows which events lack the tag; both statements
    // read the same events, since the filter's own tag conditions see the tags as they were.
    const log = db.prepare<Params>(
      `INSERT INTO event_annotation_log (connection_id, stream, event_id, change, value, author, at)
       SELECT e.connection_id, @bulkStream, e.id, 'tag-added', @bulkTag, @bulkAuthor, @bulkAt ${from}
         AND NOT EXISTS (SELECT 1 FROM event_tags AS t WHERE t.connection_id = e.connection_id
           AND t.stream = @bulkStream AND t.event_id = e.id AND t.tag = @bulkTag)`,
    )
    const insert = db.prepare<Params>(
      `INSERT INTO event_tags (connection_id, stream, event_id, tag, author, at)
       SELECT e.connection_id, @bulkStream, e.id, @bulkTag, @bulkAuthor, @bulkAt ${from}
       ON CONFLICT DO NOTHING`,
    )
    const count = db.prepare<Params, { n: number }>(`SELECT count(*) AS n ${from}`)
    return db
      .transaction((): BulkTagResult => {
        const matched = count.get(where.params)?.n ?? 0
        const logged = log.run(params).changes
        const tagged = insert.run(params).changes
        // Both statements choose the same events; a difference would be a bug worth stopping on.
        if (logged !== tagged) throw new Error('bulk tag: log and tags disagree')
        return { matched, tagged }
      })
      .immediate()
  }
}
