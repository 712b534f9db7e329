// SQL of the ip_countries table (the `country` filter reads it): which addresses were stored since
// the last placement, and their countries. Progress per table is kept in fts_progress.
import type Database from 'better-sqlite3'

const tables = ['audit_events', 'request_logs'] as const

/** Prepared statements over ip_countries and its progress. */
export function createIpCountryStore(db: Database.Database) {
  const readProgress = db.prepare<[string], { last_row_id: number }>(
    'SELECT last_row_id FROM fts_progress WHERE name = ?',
  )
  const saveProgress = db.prepare<[string, number]>(
    'INSERT INTO fts_progress (name, last_row_id) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET last_row_id = excluded.last_row_id',
  )
  const insert = db.prepare<{ ip: string; country: string | null }>(
    'INSERT INTO ip_countries (ip, country) VALUES (@ip, @country) ON CONFLICT (ip) DO NOTHING',
  )
  const newest = Object.fromEntries(
    tables.map((table) => [
      table,
      db.prepare<[], { max: number | null }>(`SELECT max(row_id) AS max FROM ${table}`),
    ]),
  ) as Record<(typeof tables)[number], Database.Statement<[], { max: number | null }>> // one per table, built above
  const pending = Object.fromEntries(
    tables.map((table) => [
      table,
      db.prepare<[number, number], { ip: string }>(
        `SELECT DISTINCT ip_address AS ip FROM ${table}
         WHERE row_id > ? AND row_id <= ? AND ip_address IS NOT NULL
         EXCEPT SELECT ip FROM ip_countries`,
      ),
    ]),
  ) as Record<(typeof tables)[number], Database.Statement<[number, number], { ip: string }>> // as above

  return {
    /**
     * Places, per table, the addresses stored since the last call and not yet placed, with the
     * country `lookup` gives (NULL when unknown, so they are not looked up again), in one
     * transaction per table with its progress; returns how many addresses it added.
     */
    placeNewAddresses(lookup: (ip: string) => string | null): number {
      let added = 0
      for (const table of tables) {
        const progressName = `ip_countries:${table}`
        const after = readProgress.get(progressName)?.last_row_id ?? 0
        const upto = newest[table].get()?.max ?? 0
        if (upto <= after) continue
        const addresses = pending[table].all(after, upto)
        added += db
          .transaction(() => {
            let count = 0
            for (const { ip } of addresses) count += insert.run({ ip, country: lookup(ip) }).changes
            saveProgress.run(progressName, upto)
            return count
          })
          .immediate()
      }
      return added
    },
  }
}
