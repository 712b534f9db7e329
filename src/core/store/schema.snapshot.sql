CREATE INDEX actors_by_email ON actors (email COLLATE NOCASE);

CREATE INDEX actors_by_name ON actors (name COLLATE NOCASE);

CREATE UNIQUE INDEX actors_identity ON actors (connection_id, actor_id,
        ifnull(email, ''), email IS NULL, ifnull(name, ''), name IS NULL);

CREATE INDEX alerts_inbox ON alerts (connection_id, is_historical, read_at, id);

CREATE INDEX api_keys_by_last4 ON api_keys (last4);

CREATE UNIQUE INDEX api_keys_identity ON api_keys (connection_id, key_id, last4,
        ifnull(name, ''), name IS NULL);

CREATE INDEX audit_events_by_action ON audit_events (action, occurred_at);

CREATE INDEX audit_events_by_actor_action ON audit_events (actor_id, action, occurred_at);

CREATE UNIQUE INDEX audit_events_by_id ON audit_events (connection_id, id);

CREATE INDEX audit_events_by_ip ON audit_events (ip_address, occurred_at);

CREATE INDEX audit_events_by_outcome ON audit_events (action, status, occurred_at);

CREATE INDEX audit_events_by_resource ON audit_events (resource_id, occurred_at)
        WHERE resource_id IS NOT NULL;

CREATE UNIQUE INDEX audit_events_by_seq ON audit_events (connection_id, seq);

CREATE INDEX audit_events_by_time ON audit_events (occurred_at);

CREATE INDEX event_annotation_log_by_event ON event_annotation_log (connection_id, stream, event_id);

CREATE INDEX event_comments_by_event ON event_comments (connection_id, stream, event_id);

CREATE INDEX event_tags_by_tag ON event_tags (stream, tag, connection_id, event_id);

CREATE INDEX finding_status_log_by_finding ON finding_status_log (finding_id);

CREATE INDEX findings_by_connection ON findings (connection_id, window_start);

CREATE INDEX findings_by_rule ON findings (connection_id, rule_id, window_end);

CREATE INDEX ip_countries_by_country ON ip_countries (country);

CREATE UNIQUE INDEX request_logs_by_id ON request_logs (connection_id, id);

CREATE INDEX request_logs_by_key ON request_logs (api_key_id, occurred_at);

CREATE UNIQUE INDEX request_logs_by_seq ON request_logs (connection_id, seq);

CREATE INDEX request_logs_by_status ON request_logs (status_code, occurred_at);

CREATE INDEX request_logs_by_time ON request_logs (occurred_at);

CREATE INDEX request_rollups_by_span ON request_rollups (connection_id, span_ms, occurred_at);

CREATE INDEX request_route_rollups_by_span
        ON request_route_rollups (connection_id, span_ms, occurred_at);

CREATE INDEX resource_labels_by_label ON resource_labels (label, connection_id, resource_type, resource_id);

CREATE INDEX sign_in_rollups_by_span ON sign_in_rollups (connection_id, span_ms, occurred_at);

CREATE INDEX sync_runs_by_connection ON sync_runs (connection_id, started_at);

CREATE TABLE "actors" (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        actor_id TEXT NOT NULL,
        actor_type TEXT NOT NULL,
        email TEXT,
        name TEXT
      ) STRICT;

CREATE TABLE alert_default_rules (
        id TEXT PRIMARY KEY NOT NULL,
        is_enabled INTEGER NOT NULL CHECK (is_enabled IN (0, 1)),
        updated_by TEXT NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 128),
        updated_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

CREATE TABLE alert_filled_events (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        PRIMARY KEY (connection_id, seq)
      ) STRICT, WITHOUT ROWID;

CREATE TABLE alert_overflows (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        rule_id TEXT NOT NULL,
        rule_name TEXT NOT NULL,
        dropped INTEGER NOT NULL CHECK (dropped >= 0),
        last_at INTEGER NOT NULL,
        PRIMARY KEY (connection_id, rule_id)
      ) STRICT, WITHOUT ROWID;

CREATE TABLE alert_rules (
        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
        is_enabled INTEGER NOT NULL CHECK (is_enabled IN (0, 1)),
        conditions TEXT NOT NULL CHECK (json_valid(conditions)),
        created_by TEXT NOT NULL CHECK (length(created_by) BETWEEN 1 AND 128),
        created_at INTEGER NOT NULL,
        updated_by TEXT CHECK (length(updated_by) BETWEEN 1 AND 128),
        updated_at INTEGER
      ) STRICT;

CREATE TABLE alert_watermarks (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        stream TEXT NOT NULL CHECK (stream IN ('audit-events', 'request-logs')),
        last_seq INTEGER NOT NULL,
        is_live INTEGER NOT NULL CHECK (is_live IN (0, 1)),
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (connection_id, stream)
      ) STRICT, WITHOUT ROWID;

CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        rule_id TEXT NOT NULL,
        rule_name TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
        is_historical INTEGER NOT NULL CHECK (is_historical IN (0, 1)),
        raised_at INTEGER NOT NULL,
        read_at INTEGER,
        read_by TEXT CHECK (length(read_by) BETWEEN 1 AND 128),
        event_id TEXT NOT NULL,
        event_seq INTEGER NOT NULL,
        occurred_at INTEGER NOT NULL,
        action TEXT NOT NULL,
        status TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor TEXT NOT NULL,
        resource_type TEXT,
        resource_id TEXT,
        resource_name TEXT,
        ip_address TEXT,
        country TEXT,
        UNIQUE (connection_id, rule_id, event_id)
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

CREATE TABLE chart_rollup_state (
        name TEXT PRIMARY KEY NOT NULL,
        last_row_id INTEGER NOT NULL,
        last_event_id TEXT,
        reconciled_before INTEGER
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

CREATE TABLE detection_settings (
        rule_id TEXT PRIMARY KEY NOT NULL,
        is_enabled INTEGER NOT NULL CHECK (is_enabled IN (0, 1)),
        thresholds TEXT NOT NULL CHECK (json_valid(thresholds)),
        updated_by TEXT NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 128),
        updated_at INTEGER NOT NULL
      ) STRICT;

CREATE TABLE detection_state (
        connection_id TEXT PRIMARY KEY NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        audit_row_id INTEGER NOT NULL,
        request_row_id INTEGER NOT NULL,
        audit_pending_from INTEGER,
        request_pending_from INTEGER,
        fingerprint TEXT NOT NULL,
        last_run_at INTEGER,
        last_run_ms INTEGER
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

CREATE TABLE finding_evidence (
        finding_id TEXT NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
        stream TEXT NOT NULL CHECK (stream IN ('audit-events', 'request-logs')),
        connection_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        PRIMARY KEY (finding_id, stream, event_id)
      ) STRICT, WITHOUT ROWID;

CREATE TABLE finding_reviews (
        connection_id TEXT PRIMARY KEY NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        reviewed_at INTEGER NOT NULL,
        reviewed_by TEXT NOT NULL CHECK (length(reviewed_by) BETWEEN 1 AND 128)
      ) STRICT;

CREATE TABLE finding_status_log (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        finding_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'false_positive')),
        note TEXT,
        author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 128),
        at INTEGER NOT NULL
      ) STRICT;

CREATE TABLE findings (
        id TEXT PRIMARY KEY NOT NULL,
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        rule_id TEXT NOT NULL,
        rule_version INTEGER NOT NULL CHECK (rule_version >= 1),
        severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
        window_start INTEGER NOT NULL,
        window_end INTEGER NOT NULL CHECK (window_end >= window_start),
        subjects TEXT NOT NULL CHECK (json_valid(subjects)),
        explanation TEXT NOT NULL,
        measurements TEXT NOT NULL CHECK (json_valid(measurements)),
        thresholds TEXT NOT NULL CHECK (json_valid(thresholds)),
        audit_evidence INTEGER NOT NULL,
        request_evidence INTEGER NOT NULL,
        is_truncated INTEGER NOT NULL CHECK (is_truncated IN (0, 1)),
        content_hash TEXT NOT NULL,
        detected_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'false_positive')),
        status_note TEXT CHECK (length(status_note) BETWEEN 1 AND 2000),
        status_by TEXT CHECK (length(status_by) BETWEEN 1 AND 128),
        status_at INTEGER
      ) STRICT;

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

CREATE TABLE key_usage_hours (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        api_key_id TEXT NOT NULL,
        hour INTEGER NOT NULL,
        ip_address TEXT NOT NULL,
        requests INTEGER NOT NULL,
        first_at INTEGER NOT NULL,
        PRIMARY KEY (connection_id, api_key_id, hour, ip_address)
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

CREATE TABLE request_rollups (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        span_ms INTEGER NOT NULL CHECK (span_ms IN (3600000, 86400000)),
        occurred_at INTEGER NOT NULL,
        api_key_id TEXT,
        status_code INTEGER NOT NULL,
        requests INTEGER NOT NULL CHECK (requests > 0),
        d0 INTEGER NOT NULL, d1 INTEGER NOT NULL, d2 INTEGER NOT NULL, d3 INTEGER NOT NULL,
        d4 INTEGER NOT NULL, d5 INTEGER NOT NULL, d6 INTEGER NOT NULL, d7 INTEGER NOT NULL,
        d8 INTEGER NOT NULL, d9 INTEGER NOT NULL, d10 INTEGER NOT NULL, d11 INTEGER NOT NULL,
        d12 INTEGER NOT NULL, d13 INTEGER NOT NULL, d14 INTEGER NOT NULL, d15 INTEGER NOT NULL,
        d16 INTEGER NOT NULL, d17 INTEGER NOT NULL, d18 INTEGER NOT NULL, d19 INTEGER NOT NULL,
        d20 INTEGER NOT NULL, d21 INTEGER NOT NULL, d22 INTEGER NOT NULL, d23 INTEGER NOT NULL,
        d24 INTEGER NOT NULL, d25 INTEGER NOT NULL, d26 INTEGER NOT NULL, d27 INTEGER NOT NULL,
        d28 INTEGER NOT NULL, d29 INTEGER NOT NULL, d30 INTEGER NOT NULL, d31 INTEGER NOT NULL,
        d32 INTEGER NOT NULL, d33 INTEGER NOT NULL, d34 INTEGER NOT NULL, d35 INTEGER NOT NULL,
        d36 INTEGER NOT NULL, d37 INTEGER NOT NULL, d38 INTEGER NOT NULL, d39 INTEGER NOT NULL,
        d40 INTEGER NOT NULL, d41 INTEGER NOT NULL, d42 INTEGER NOT NULL, d43 INTEGER NOT NULL,
        d44 INTEGER NOT NULL, d45 INTEGER NOT NULL, d46 INTEGER NOT NULL, d47 INTEGER NOT NULL,
        d48 INTEGER NOT NULL, d49 INTEGER NOT NULL, d50 INTEGER NOT NULL, d51 INTEGER NOT NULL,
        d52 INTEGER NOT NULL, d53 INTEGER NOT NULL, d54 INTEGER NOT NULL, d55 INTEGER NOT NULL,
        d56 INTEGER NOT NULL, d57 INTEGER NOT NULL, d58 INTEGER NOT NULL, d59 INTEGER NOT NULL,
        d60 INTEGER NOT NULL, d61 INTEGER NOT NULL, d62 INTEGER NOT NULL, d63 INTEGER NOT NULL,
        d64 INTEGER NOT NULL, d65 INTEGER NOT NULL, d66 INTEGER NOT NULL, d67 INTEGER NOT NULL,
        d68 INTEGER NOT NULL, d69 INTEGER NOT NULL, d70 INTEGER NOT NULL, d71 INTEGER NOT NULL,
        d72 INTEGER NOT NULL, d73 INTEGER NOT NULL, d74 INTEGER NOT NULL, d75 INTEGER NOT NULL,
        d76 INTEGER NOT NULL, d77 INTEGER NOT NULL, d78 INTEGER NOT NULL, d79 INTEGER NOT NULL,
        d80 INTEGER NOT NULL, d81 INTEGER NOT NULL, d82 INTEGER NOT NULL, d83 INTEGER NOT NULL,
        d84 INTEGER NOT NULL, d85 INTEGER NOT NULL, d86 INTEGER NOT NULL, d87 INTEGER NOT NULL,
        d88 INTEGER NOT NULL, d89 INTEGER NOT NULL, d90 INTEGER NOT NULL, d91 INTEGER NOT NULL,
        d92 INTEGER NOT NULL, d93 INTEGER NOT NULL, d94 INTEGER NOT NULL, d95 INTEGER NOT NULL,
        d96 INTEGER NOT NULL, d97 INTEGER NOT NULL, d98 INTEGER NOT NULL, d99 INTEGER NOT NULL,
        d100 INTEGER NOT NULL, d101 INTEGER NOT NULL, d102 INTEGER NOT NULL, d103 INTEGER NOT NULL,
        d104 INTEGER NOT NULL, d105 INTEGER NOT NULL, d106 INTEGER NOT NULL, d107 INTEGER NOT NULL,
        d108 INTEGER NOT NULL, d109 INTEGER NOT NULL, d110 INTEGER NOT NULL, d111 INTEGER NOT NULL,
        d112 INTEGER NOT NULL, d113 INTEGER NOT NULL, d114 INTEGER NOT NULL, d115 INTEGER NOT NULL,
        d116 INTEGER NOT NULL, d117 INTEGER NOT NULL, d118 INTEGER NOT NULL, d119 INTEGER NOT NULL,
        d120 INTEGER NOT NULL, d121 INTEGER NOT NULL, d122 INTEGER NOT NULL, d123 INTEGER NOT NULL,
        d124 INTEGER NOT NULL, d125 INTEGER NOT NULL, d126 INTEGER NOT NULL, d127 INTEGER NOT NULL,
        d128 INTEGER NOT NULL, d129 INTEGER NOT NULL, d130 INTEGER NOT NULL, d131 INTEGER NOT NULL,
        d132 INTEGER NOT NULL, d133 INTEGER NOT NULL, d134 INTEGER NOT NULL, d135 INTEGER NOT NULL,
        d136 INTEGER NOT NULL, d137 INTEGER NOT NULL, d138 INTEGER NOT NULL, d139 INTEGER NOT NULL,
        d140 INTEGER NOT NULL, d141 INTEGER NOT NULL, d142 INTEGER NOT NULL, d143 INTEGER NOT NULL,
        d144 INTEGER NOT NULL, d145 INTEGER NOT NULL, d146 INTEGER NOT NULL, d147 INTEGER NOT NULL,
        d148 INTEGER NOT NULL, d149 INTEGER NOT NULL, d150 INTEGER NOT NULL, d151 INTEGER NOT NULL,
        d152 INTEGER NOT NULL, d153 INTEGER NOT NULL, d154 INTEGER NOT NULL, d155 INTEGER NOT NULL,
        d156 INTEGER NOT NULL, d157 INTEGER NOT NULL, d158 INTEGER NOT NULL, d159 INTEGER NOT NULL,
        d160 INTEGER NOT NULL, d161 INTEGER NOT NULL
      ) STRICT;

CREATE TABLE request_route_rollups (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        span_ms INTEGER NOT NULL CHECK (span_ms IN (3600000, 86400000)),
        occurred_at INTEGER NOT NULL,
        api_key_id TEXT,
        status_code INTEGER NOT NULL,
        route TEXT NOT NULL,
        endpoint_filter TEXT,
        requests INTEGER NOT NULL CHECK (requests > 0)
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

CREATE TABLE reviewer_activity (
        id INTEGER PRIMARY KEY NOT NULL,
        at INTEGER NOT NULL,
        reviewer TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('export', 'pack')),
        connection_id TEXT,
        description TEXT NOT NULL,
        filter TEXT NOT NULL,
        files TEXT NOT NULL,
        previous_hash TEXT NOT NULL,
        hash TEXT NOT NULL
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

CREATE TABLE server_day_digests (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        stream TEXT NOT NULL CHECK (stream IN ('audit-events', 'request-logs')),
        day TEXT NOT NULL,
        count INTEGER NOT NULL,
        events_sha256 TEXT NOT NULL,
        previous_signature TEXT NOT NULL,
        key_id TEXT NOT NULL,
        signature TEXT NOT NULL,
        fetched_at INTEGER NOT NULL,
        PRIMARY KEY (connection_id, stream, day)
      ) STRICT, WITHOUT ROWID;

CREATE TABLE server_signing_keys (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        key_id TEXT NOT NULL,
        public_key_pem TEXT NOT NULL,
        fetched_at INTEGER NOT NULL,
        PRIMARY KEY (connection_id, key_id)
      ) STRICT, WITHOUT ROWID;

CREATE TABLE sign_in_rollups (
        connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        span_ms INTEGER NOT NULL CHECK (span_ms IN (3600000, 86400000)),
        occurred_at INTEGER NOT NULL,
        actor_id TEXT NOT NULL,
        ip_address TEXT,
        status TEXT NOT NULL,
        sign_ins INTEGER NOT NULL CHECK (sign_ins > 0)
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

CREATE TRIGGER finding_status_log_append_only BEFORE UPDATE ON finding_status_log
      BEGIN SELECT RAISE(ABORT, 'the finding status log is append-only'); END;

CREATE TRIGGER resource_label_log_append_only BEFORE UPDATE ON resource_label_log
      BEGIN SELECT RAISE(ABORT, 'the label log is append-only'); END;

CREATE TRIGGER reviewer_activity_no_delete BEFORE DELETE ON reviewer_activity
      BEGIN SELECT RAISE(ABORT, 'the reviewer activity log is append-only'); END;

CREATE TRIGGER reviewer_activity_no_update BEFORE UPDATE ON reviewer_activity
      BEGIN SELECT RAISE(ABORT, 'the reviewer activity log is append-only'); END;
