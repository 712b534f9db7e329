CREATE INDEX actors_by_email ON actors (email COLLATE NOCASE);

CREATE INDEX actors_by_name ON actors (name COLLATE NOCASE);

CREATE UNIQUE INDEX actors_identity ON actors (connection_id, actor_id,
        ifnull(email, ''), email IS NULL, ifnull(name, ''), name IS NULL);

CREATE INDEX api_keys_by_last4 ON api_keys (last4);

CREATE UNIQUE INDEX api_keys_identity ON api_keys (connection_id, key_id, last4,
        ifnull(name, ''), name IS NULL);

CREATE INDEX audit_events_by_action ON audit_events (action, occurred_at);

CREATE INDEX audit_events_by_actor_action ON audit_events (actor_id, action, occurred_at);

CREATE UNIQUE INDEX audit_events_by_id ON audit_events (connection_id, id);

CREATE INDEX audit_events_by_ip ON audit_events (ip_address, occurred_at);

CREATE INDEX audit_events_by_outcome ON audit_events (action, status, occurred_at);

CREATE UNIQUE INDEX audit_events_by_seq ON audit_events (connection_id, seq);

CREATE INDEX audit_events_by_time ON audit_events (occurred_at);

CREATE INDEX event_annotation_log_by_event ON event_annotation_log (connection_id, stream, event_id);

CREATE INDEX event_comments_by_event ON event_comments (connection_id, stream, event_id);

CREATE INDEX event_tags_by_tag ON event_tags (stream, tag, connection_id, event_id);

CREATE INDEX ip_countries_by_country ON ip_countries (country);

CREATE UNIQUE INDEX request_logs_by_id ON request_logs (connection_id, id);

CREATE INDEX request_logs_by_key ON request_logs (api_key_id, occurred_at);

CREATE UNIQUE INDEX request_logs_by_seq ON request_logs (connection_id, seq);

CREATE INDEX request_logs_by_status ON request_logs (status_code, occurred_at);

CREATE INDEX request_logs_by_time ON request_logs (occurred_at);

CREATE INDEX resource_labels_by_label ON resource_labels (label, connection_id, resource_type, resource_id);

CREATE INDEX sync_runs_by_connection ON sync_runs (connection_id, started_at);

CREATE TABLE "actors" (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        actor_id TEXT NOT NULL,
        actor_type TEXT NOT NULL,
        email TEXT,
        name TEXT
      ) STRICT;

CREATE TABLE "api_keys" (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        key_id TEXT NOT NULL,
        last4 TEXT NOT NULL,
        name TEXT
      ) STRICT;

CREATE TABLE app_meta (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
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

CREATE VIRTUAL TABLE audit_events_fts USING fts5 (
        actor, resource, user_agent, failure_reason, metadata,
        content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
      );

CREATE TABLE 'audit_events_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

CREATE TABLE 'audit_events_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

CREATE TABLE 'audit_events_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB, origin INTEGER);

CREATE TABLE 'audit_events_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

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

CREATE TABLE connections (
        id TEXT PRIMARY KEY NOT NULL,
        organization_id TEXT NOT NULL,
        organization_name TEXT NOT NULL,
        base_url TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        UNIQUE (base_url, organization_id)
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

CREATE TABLE deferred_indexes (
        name TEXT PRIMARY KEY NOT NULL,
        sql TEXT NOT NULL
      ) STRICT;

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

CREATE TABLE event_comment_versions (
        comment_id INTEGER NOT NULL REFERENCES event_comments (id) ON DELETE CASCADE,
        version INTEGER NOT NULL CHECK (version >= 1),
        body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
        author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 128),
        at INTEGER NOT NULL,
        PRIMARY KEY (comment_id, version)
      ) STRICT, WITHOUT ROWID;

CREATE TABLE event_comments (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        stream TEXT NOT NULL CHECK (stream IN ('audit-events', 'request-logs')),
        event_id TEXT NOT NULL,
        author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 128),
        at INTEGER NOT NULL
      ) STRICT;

CREATE TABLE event_stars (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        stream TEXT NOT NULL CHECK (stream IN ('audit-events', 'request-logs')),
        event_id TEXT NOT NULL,
        author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 128),
        at INTEGER NOT NULL,
        PRIMARY KEY (connection_id, stream, event_id)
      ) STRICT, WITHOUT ROWID;

CREATE TABLE event_tags (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        stream TEXT NOT NULL CHECK (stream IN ('audit-events', 'request-logs')),
        event_id TEXT NOT NULL,
        tag TEXT NOT NULL COLLATE NOCASE CHECK (length(tag) BETWEEN 1 AND 64),
        author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 128),
        at INTEGER NOT NULL,
        PRIMARY KEY (connection_id, stream, event_id, tag)
      ) STRICT, WITHOUT ROWID;

CREATE TABLE fts_progress (
        name TEXT PRIMARY KEY NOT NULL,
        last_row_id INTEGER NOT NULL
      ) STRICT;

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

CREATE TABLE ip_countries (
        ip TEXT PRIMARY KEY NOT NULL,
        country TEXT
      ) STRICT, WITHOUT ROWID;

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

CREATE TABLE resource_labels (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        resource_type TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        label TEXT NOT NULL COLLATE NOCASE CHECK (length(label) BETWEEN 1 AND 64),
        author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 128),
        at INTEGER NOT NULL,
        PRIMARY KEY (connection_id, resource_type, resource_id, label)
      ) STRICT, WITHOUT ROWID;

CREATE TABLE retention_holds (
        id INTEGER PRIMARY KEY,
        from_time INTEGER NOT NULL,
        to_time INTEGER NOT NULL CHECK (to_time > from_time),
        reason TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;

CREATE TABLE saved_views (
        id INTEGER PRIMARY KEY,
        stream TEXT NOT NULL CHECK (stream IN ('audit-events', 'request-logs')),
        name TEXT NOT NULL,
        query TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (stream, name)
      ) STRICT;

CREATE TABLE schema_migrations (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at INTEGER NOT NULL
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

CREATE TRIGGER event_annotation_log_append_only BEFORE UPDATE ON event_annotation_log
      BEGIN SELECT RAISE(ABORT, 'the annotation log is append-only'); END;

CREATE TRIGGER event_comment_versions_append_only BEFORE UPDATE ON event_comment_versions
      BEGIN SELECT RAISE(ABORT, 'comment versions are append-only'); END;

CREATE TRIGGER resource_label_log_append_only BEFORE UPDATE ON resource_label_log
      BEGIN SELECT RAISE(ABORT, 'the label log is append-only'); END;
