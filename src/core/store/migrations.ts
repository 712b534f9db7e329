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
  {
    id: 2,
    name: 'sync-cache',
    sql: `
      CREATE TABLE connections (
        id TEXT PRIMARY KEY NOT NULL,
        organization_id TEXT NOT NULL,
        organization_name TEXT NOT NULL,
        base_url TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        UNIQUE (base_url, organization_id)
      ) STRICT;

      CREATE TABLE audit_events (
        row_id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL,
        action TEXT NOT NULL,
        category TEXT NOT NULL,
        actor_type TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_email TEXT,
        actor_name TEXT,
        actor_last4 TEXT,
        resource_type TEXT,
        resource_id TEXT,
        resource_name TEXT,
        ip_address TEXT,
        user_agent TEXT,
        status TEXT NOT NULL,
        failure_reason TEXT,
        raw TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX audit_events_by_seq ON audit_events (connection_id, seq);

      CREATE TABLE request_logs (
        row_id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL,
        method TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        status_code INTEGER NOT NULL,
        duration_ms REAL NOT NULL,
        api_key_id TEXT,
        api_key_last4 TEXT,
        api_key_name TEXT,
        ip_address TEXT,
        user_agent TEXT,
        error_code TEXT,
        raw TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX request_logs_by_seq ON request_logs (connection_id, seq);

      CREATE TABLE sync_state (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        stream TEXT NOT NULL CHECK (stream IN ('audit-events', 'request-logs')),
        cursor TEXT,
        last_seq INTEGER NOT NULL DEFAULT 0,
        oldest_available_at INTEGER,
        last_success_at INTEGER,
        restart_since INTEGER,
        restart_reason TEXT,
        PRIMARY KEY (connection_id, stream)
      ) STRICT;

      CREATE TABLE sync_runs (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        stream TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        pages INTEGER NOT NULL DEFAULT 0,
        new_events INTEGER NOT NULL DEFAULT 0,
        duplicates INTEGER NOT NULL DEFAULT 0,
        conflicts INTEGER NOT NULL DEFAULT 0,
        quarantined INTEGER NOT NULL DEFAULT 0,
        outcome TEXT NOT NULL CHECK (outcome IN ('running', 'complete', 'incomplete', 'failed', 'cancelled')),
        error_code TEXT,
        error_message TEXT
      ) STRICT;
      CREATE INDEX sync_runs_by_connection ON sync_runs (connection_id, started_at);

      CREATE TABLE gaps (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        stream TEXT NOT NULL,
        from_seq INTEGER,
        to_seq INTEGER,
        from_time INTEGER,
        to_time INTEGER,
        reason TEXT NOT NULL,
        detected_at INTEGER NOT NULL,
        run_id INTEGER REFERENCES sync_runs (id)
      ) STRICT;

      CREATE TABLE quarantine (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        stream TEXT NOT NULL,
        seq INTEGER,
        event_id TEXT,
        raw TEXT NOT NULL,
        reason TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        run_id INTEGER REFERENCES sync_runs (id)
      ) STRICT;

      CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        stream TEXT NOT NULL,
        seq INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        stored_raw TEXT NOT NULL,
        received_raw TEXT NOT NULL,
        detected_at INTEGER NOT NULL,
        run_id INTEGER REFERENCES sync_runs (id)
      ) STRICT;

      CREATE TABLE day_verifications (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        stream TEXT NOT NULL,
        day TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('verified', 'mismatched', 'unverified')),
        local_count INTEGER NOT NULL,
        server_count INTEGER,
        local_ids_sha256 TEXT NOT NULL,
        server_ids_sha256 TEXT,
        digest_status TEXT NOT NULL CHECK (digest_status IN ('valid', 'invalid', 'absent')),
        digest_detail TEXT,
        checked_at INTEGER NOT NULL,
        PRIMARY KEY (connection_id, stream, day)
      ) STRICT;

      CREATE VIRTUAL TABLE audit_events_fts USING fts5 (
        actor, resource, user_agent, failure_reason, metadata,
        content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TABLE fts_progress (
        name TEXT PRIMARY KEY NOT NULL,
        last_row_id INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    id: 3,
    name: 'query-indexes',
    sql: `
      CREATE INDEX audit_events_by_time ON audit_events (occurred_at);
      CREATE INDEX audit_events_by_actor ON audit_events (actor_id, occurred_at);
      CREATE INDEX audit_events_by_actor_action ON audit_events (actor_id, action, occurred_at);
      CREATE INDEX audit_events_by_action ON audit_events (action, occurred_at);
      CREATE INDEX audit_events_by_outcome ON audit_events (action, status, occurred_at);
      CREATE INDEX audit_events_by_ip ON audit_events (ip_address, occurred_at);
      CREATE INDEX audit_events_by_id ON audit_events (connection_id, id);
      CREATE INDEX request_logs_by_time ON request_logs (occurred_at);
      CREATE INDEX request_logs_by_id ON request_logs (connection_id, id);
      CREATE INDEX request_logs_by_key ON request_logs (api_key_id, occurred_at);
      CREATE INDEX request_logs_by_status ON request_logs (status_code, occurred_at);
    `,
  },
  {
    id: 4,
    name: 'actors-and-api-keys',
    sql: `
      CREATE TABLE actors (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        actor_id TEXT NOT NULL,
        actor_type TEXT NOT NULL,
        email TEXT,
        name TEXT,
        PRIMARY KEY (connection_id, actor_id, email, name)
      ) STRICT;
      CREATE INDEX actors_by_email ON actors (email COLLATE NOCASE);
      CREATE INDEX actors_by_name ON actors (name COLLATE NOCASE);
      CREATE TABLE api_keys (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        key_id TEXT NOT NULL,
        last4 TEXT NOT NULL,
        name TEXT,
        PRIMARY KEY (connection_id, key_id, last4, name)
      ) STRICT;
      CREATE INDEX api_keys_by_last4 ON api_keys (last4);
    `,
  },
  {
    id: 5,
    name: 'retention-holds',
    sql: `
      CREATE TABLE retention_holds (
        id INTEGER PRIMARY KEY,
        from_time INTEGER NOT NULL,
        to_time INTEGER NOT NULL CHECK (to_time > from_time),
        reason TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    id: 6,
    name: 'deferred-indexes',
    sql: `
      CREATE TABLE deferred_indexes (
        name TEXT PRIMARY KEY NOT NULL,
        sql TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    // The sync stores an id once (an id re-delivered under another seq is a conflict, kept in
    // its own table), so the id index can be unique: a sync then inserts with ON CONFLICT DO
    // NOTHING instead of looking every id up first (one B-tree search less per event).
    // The actors and api_keys primary keys held nullable columns, which a STRICT table refuses
    // to store NULL in: INSERT OR IGNORE silently dropped every actor without an email or name
    // and every API key without a name. The tables are rebuilt without those keys, with unique
    // expression indexes that treat NULL as one value (kept apart from '').
    id: 7,
    name: 'unique-keys',
    sql: `
      DROP INDEX audit_events_by_id;
      CREATE UNIQUE INDEX audit_events_by_id ON audit_events (connection_id, id);
      DROP INDEX request_logs_by_id;
      CREATE UNIQUE INDEX request_logs_by_id ON request_logs (connection_id, id);
      CREATE TABLE actors_rebuilt (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        actor_id TEXT NOT NULL,
        actor_type TEXT NOT NULL,
        email TEXT,
        name TEXT
      ) STRICT;
      INSERT INTO actors_rebuilt SELECT connection_id, actor_id, actor_type, email, name FROM actors;
      DROP TABLE actors;
      ALTER TABLE actors_rebuilt RENAME TO actors;
      CREATE UNIQUE INDEX actors_identity ON actors (connection_id, actor_id,
        ifnull(email, ''), email IS NULL, ifnull(name, ''), name IS NULL);
      CREATE INDEX actors_by_email ON actors (email COLLATE NOCASE);
      CREATE INDEX actors_by_name ON actors (name COLLATE NOCASE);
      CREATE TABLE api_keys_rebuilt (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        key_id TEXT NOT NULL,
        last4 TEXT NOT NULL,
        name TEXT
      ) STRICT;
      INSERT INTO api_keys_rebuilt SELECT connection_id, key_id, last4, name FROM api_keys;
      DROP TABLE api_keys;
      ALTER TABLE api_keys_rebuilt RENAME TO api_keys;
      CREATE UNIQUE INDEX api_keys_identity ON api_keys (connection_id, key_id, last4,
        ifnull(name, ''), name IS NULL);
      CREATE INDEX api_keys_by_last4 ON api_keys (last4);
    `,
  },
  {
    // (actor_id, occurred_at) duplicated the prefix of (actor_id, action, occurred_at): a page
    // for a selective actor now sorts its few events (the query module decides by a bounded
    // count), and every insert and bulk load paid for the extra index.
    id: 8,
    name: 'drop-actor-time-index',
    sql: `
      DROP INDEX IF EXISTS audit_events_by_actor;
      DELETE FROM deferred_indexes WHERE name = 'audit_events_by_actor';
    `,
  },
  {
    // The country of each distinct IP address seen, from the offline IP database (filled by
    // src/core/geo/ip-countries.ts), so a `country` filter is a lookup rather than a per-row
    // database search. country is NULL for an address the database does not place.
    id: 9,
    name: 'ip-countries',
    sql: `
      CREATE TABLE ip_countries (
        ip TEXT PRIMARY KEY NOT NULL,
        country TEXT
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX ip_countries_by_country ON ip_countries (country);
    `,
  },
  {
    // Reviewers' annotations (tags, stars, comments) and sensitive-resource labels. Keyed by the
    // upstream event id, never row_id, so they survive a prune and re-sync. Tags and labels
    // compare case-insensitively. Comment text is never overwritten: an edit is a new version.
    // Every change is also appended to a log (who, when, what) that refuses updates.
    id: 10,
    name: 'annotations-and-labels',
    sql: `
      CREATE TABLE event_tags (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        stream TEXT NOT NULL CHECK (stream IN ('audit-events', 'request-logs')),
        event_id TEXT NOT NULL,
        tag TEXT NOT NULL COLLATE NOCASE CHECK (length(tag) BETWEEN 1 AND 64),
        author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 128),
        at INTEGER NOT NULL,
        PRIMARY KEY (connection_id, stream, event_id, tag)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX event_tags_by_tag ON event_tags (stream, tag, connection_id, event_id);

      CREATE TABLE event_stars (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        stream TEXT NOT NULL CHECK (stream IN ('audit-events', 'request-logs')),
        event_id TEXT NOT NULL,
        author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 128),
        at INTEGER NOT NULL,
        PRIMARY KEY (connection_id, stream, event_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE event_comments (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        stream TEXT NOT NULL CHECK (stream IN ('audit-events', 'request-logs')),
        event_id TEXT NOT NULL,
        author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 128),
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX event_comments_by_event ON event_comments (connection_id, stream, event_id);

      CREATE TABLE event_comment_versions (
        comment_id INTEGER NOT NULL REFERENCES event_comments (id) ON DELETE CASCADE,
        version INTEGER NOT NULL CHECK (version >= 1),
        body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
        author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 128),
        at INTEGER NOT NULL,
        PRIMARY KEY (comment_id, version)
      ) STRICT, WITHOUT ROWID;
      CREATE TRIGGER event_comment_versions_append_only BEFORE UPDATE ON event_comment_versions
      BEGIN SELECT RAISE(ABORT, 'comment versions are append-only'); END;

      CREATE TABLE event_annotation_log (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        stream TEXT NOT NULL CHECK (stream IN ('audit-events', 'request-logs')),
        event_id TEXT NOT NULL,
        change TEXT NOT NULL CHECK (change IN
          ('tag-added', 'tag-removed', 'starred', 'unstarred', 'comment-added', 'comment-edited')),
        value TEXT,
        author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 128),
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX event_annotation_log_by_event ON event_annotation_log (connection_id, stream, event_id);
      CREATE TRIGGER event_annotation_log_append_only BEFORE UPDATE ON event_annotation_log
      BEGIN SELECT RAISE(ABORT, 'the annotation log is append-only'); END;

      CREATE TABLE resource_labels (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        resource_type TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        label TEXT NOT NULL COLLATE NOCASE CHECK (length(label) BETWEEN 1 AND 64),
        author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 128),
        at INTEGER NOT NULL,
        PRIMARY KEY (connection_id, resource_type, resource_id, label)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX resource_labels_by_label ON resource_labels (label, connection_id, resource_type, resource_id);

      CREATE TABLE resource_label_log (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        resource_type TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        label TEXT NOT NULL,
        is_set INTEGER NOT NULL CHECK (is_set IN (0, 1)),
        author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 128),
        at INTEGER NOT NULL
      ) STRICT;
      CREATE TRIGGER resource_label_log_append_only BEFORE UPDATE ON resource_label_log
      BEGIN SELECT RAISE(ABORT, 'the label log is append-only'); END;
    `,
  },
  {
    // Saved views: a named filter per stream, kept as its query bar text (which round-trips with
    // the filter), so the sidebar can list and reopen it.
    id: 11,
    name: 'saved-views',
    sql: `
      CREATE TABLE saved_views (
        id INTEGER PRIMARY KEY,
        stream TEXT NOT NULL CHECK (stream IN ('audit-events', 'request-logs')),
        name TEXT NOT NULL,
        query TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (stream, name)
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
