// Saved views: a name, a stream and the query bar text of a filter, kept in the cache.
import type Database from 'better-sqlite3'
import type { Stream } from '../../shared/filter'

/** A saved view as stored. */
export type ViewRecord = {
  id: number
  stream: Stream
  name: string
  query: string
  createdAt: number
}

/** Prepared statements over saved_views. */
export function createViewStore(db: Database.Database) {
  const list = db.prepare<[], ViewRecord>(
    'SELECT id, stream, name, query, created_at AS createdAt FROM saved_views ORDER BY name COLLATE NOCASE, id',
  )
  const save = db.prepare<{ stream: Stream; name: string; query: string; now: number }, ViewRecord>(
    `INSERT INTO saved_views (stream, name, query, created_at) VALUES (@stream, @name, @query, @now)
     ON CONFLICT (stream, name) DO UPDATE SET query = excluded.query
     RETURNING id, stream, name, query, created_at AS createdAt`,
  )
  const remove = db.prepare<[number]>('DELETE FROM saved_views WHERE id = ?')
  return {
    list: (): ViewRecord[] => list.all(),
    /** Saves a view; a view of the same stream and name gets the new query. */
    save: (view: { stream: Stream; name: string; query: string }, now: number): ViewRecord => {
      const saved = save.get({ ...view, now })
      if (saved === undefined) throw new Error('saving the view returned nothing')
      return saved
    },
    delete: (id: number): boolean => remove.run(id).changes > 0,
  }
}
