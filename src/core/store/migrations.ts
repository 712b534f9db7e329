// Numbered, append-only migrations (CONVENTIONS.md §3). Never edit or reorder an entry that has
// shipped: add a new one. The runner refuses a database whose applied migrations differ.
import { createHash } from 'node:crypto'
import type BetterSqlite3 from 'better-sqlite3'
import { CoreError } from '../errors'

/** One schema step: applied once, in its own transaction, recorded with its checksum. */
export type Migration = { id: number; name: string; sql: string }

/** Every migration in order. Append only. */
export const migrations: readonly Migration[] = [
  {
    id: 1,
    name: 'app-meta',
    sql: `
      CREATE TABLE app_meta (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
]

/** SHA-256 of a migration's SQL: an edited migration no longer matches what a database applied. */
export function migrationChecksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex')
}

type AppliedRow = { id: number; name: string; checksum: string }

/**
 * Brings the database up to the newest migration, one transaction per migration. Refuses, with
 * `database_schema_mismatch`, a database that applied a migration this build does not know (made
 * by a newer Audit Desk) or whose applied migration differs from this build's.
 * Returns the schema version (the id of the last migration).
 */
export function migrate(
  db: BetterSqlite3.Database,
  now: number,
  list: readonly Migration[] = migrations,
): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`)
  const applied = db
    .prepare<[], AppliedRow>('SELECT id, name, checksum FROM schema_migrations ORDER BY id')
    .all()
  checkApplied(applied, list)
  const record = db.prepare<{ id: number; name: string; checksum: string; appliedAt: number }>(
    'INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (@id, @name, @checksum, @appliedAt)',
  )
  for (const migration of list.slice(applied.length)) {
    db.transaction(() => {
      db.exec(migration.sql)
      record.run({
        id: migration.id,
        name: migration.name,
        checksum: migrationChecksum(migration),
        appliedAt: now,
      })
    }).immediate()
  }
  return list.at(-1)?.id ?? 0
}

function checkApplied(applied: readonly AppliedRow[], list: readonly Migration[]): void {
  applied.forEach((row, index) => {
    const known = list[index]
    if (known?.id !== row.id) {
      throw new CoreError(
        'database_schema_mismatch',
        `The cache was written by a newer Audit Desk (schema step ${row.id} "${row.name}" is unknown to this version). Update Audit Desk, or open a different data directory.`,
      )
    }
    if (migrationChecksum(known) !== row.checksum) {
      throw new CoreError(
        'database_schema_mismatch',
        `The cache's schema step ${row.id} "${row.name}" differs from this version's. The file was changed outside Audit Desk or by an unreleased build; open a different data directory or restore a backup.`,
      )
    }
  })
}
