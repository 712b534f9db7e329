// SQL of findings (migration 12): upserts that keep a reviewer's status, removal of findings a
// run no longer produces (only those nobody reviewed), the filtered list, status changes with
// their append-only log, "last reviewed" marks and evidence ids. Values are always bound.
import type Database from 'better-sqlite3'
import type { Thresholds } from '../../shared/detection-thresholds'
import type { FindingSeverity, FindingStatus } from '../../shared/findings-schemas'
import type { Subject } from './rule-types'

/** A finding ready to store: the run's draft with its id, capped evidence and content hash. */
export type StoredFinding = {
  id: string
  connectionId: string
  ruleId: string
  ruleVersion: number
  severity: FindingSeverity
  windowStart: number
  windowEnd: number
  subjects: { actors: Subject[]; ipAddresses: string[]; apiKeys: Subject[] }
  explanation: string
  measurements: Record<string, number | string>
  thresholds: Thresholds
  evidence: { auditEvents: string[]; requestLogs: string[]; isTruncated: boolean }
  contentHash: string
}

/** A stored finding row as the list reads it. */
export type FindingRow = {
  id: string
  connection_id: string
  rule_id: string
  rule_version: number
  severity: FindingSeverity
  window_start: number
  window_end: number
  subjects: string
  explanation: string
  measurements: string
  thresholds: string
  audit_evidence: number
  request_evidence: number
  is_truncated: number
  detected_at: number
  updated_at: number
  status: FindingStatus
  status_note: string | null
  status_by: string | null
  status_at: number | null
}

/** What the list filters on; absent fields do not filter. */
export type FindingFilter = {
  connectionId: string
  ruleIds?: readonly string[]
  severities?: readonly string[]
  statuses?: readonly string[]
  from?: number
  to?: number
  newSince?: number | null
  limit: number
}

const filterWhere = `f.connection_id = @connectionId
  AND (@ruleIds IS NULL OR f.rule_id IN (SELECT value FROM json_each(@ruleIds)))
  AND (@severities IS NULL OR f.severity IN (SELECT value FROM json_each(@severities)))
  AND (@statuses IS NULL OR f.status IN (SELECT value FROM json_each(@statuses)))
  AND (@from IS NULL OR f.window_end >= @from) AND (@to IS NULL OR f.window_start < @to)
  AND (@newSince IS NULL OR f.detected_at > @newSince)`

/** Prepared statements over findings. */
export function createFindingStore(db: Database.Database) {
  const hashOf = db.prepare<[string], { content_hash: string }>(
    'SELECT content_hash FROM findings WHERE id = ?',
  )
  const insert = db.prepare(
    `INSERT INTO findings (id, connection_id, rule_id, rule_version, severity, window_start,
       window_end, subjects, explanation, measurements, thresholds, audit_evidence,
       request_evidence, is_truncated, content_hash, detected_at, updated_at, status)
     VALUES (@id, @connectionId, @ruleId, @ruleVersion, @severity, @windowStart, @windowEnd,
       @subjects, @explanation, @measurements, @thresholds, @auditEvidence, @requestEvidence,
       @isTruncated, @contentHash, @now, @now, 'open')
     ON CONFLICT (id) DO UPDATE SET severity = excluded.severity,
       window_start = excluded.window_start, window_end = excluded.window_end,
       subjects = excluded.subjects, explanation = excluded.explanation,
       measurements = excluded.measurements, thresholds = excluded.thresholds,
       audit_evidence = excluded.audit_evidence, request_evidence = excluded.request_evidence,
       is_truncated = excluded.is_truncated, content_hash = excluded.content_hash,
       updated_at = excluded.updated_at`,
  )
  const clearEvidence = db.prepare<[string]>('DELETE FROM finding_evidence WHERE finding_id = ?')
  const addEvidence = db.prepare<{
    id: string
    stream: string
    connectionId: string
    eventId: string
  }>(
    `INSERT OR IGNORE INTO finding_evidence (finding_id, stream, connection_id, event_id)
     VALUES (@id, @stream, @connectionId, @eventId)`,
  )
  const stale = db.prepare<{ connectionId: string; ruleId: string; from: number; keep: string }>(
    `DELETE FROM findings WHERE connection_id = @connectionId AND rule_id = @ruleId
       AND window_end >= @from AND status = 'open' AND status_by IS NULL
       AND id NOT IN (SELECT value FROM json_each(@keep))`,
  )
  const list = db.prepare<Record<string, unknown>, FindingRow>(
    `SELECT f.* FROM findings AS f WHERE ${filterWhere}
     ORDER BY f.window_start DESC, f.id LIMIT @limit`,
  )
  const total = db.prepare<Record<string, unknown>, { n: number }>(
    `SELECT count(*) AS n FROM findings AS f WHERE ${filterWhere}`,
  )
  const one = db.prepare<[string, string], FindingRow>(
    'SELECT * FROM findings WHERE connection_id = ? AND id = ?',
  )
  const status = db.prepare<{
    id: string
    status: FindingStatus
    note: string | null
    author: string
    at: number
  }>(
    `UPDATE findings SET status = @status, status_note = @note, status_by = @author,
       status_at = @at WHERE id = @id`,
  )
  const log = db.prepare<{
    connectionId: string
    id: string
    status: FindingStatus
    note: string | null
    author: string
    at: number
  }>(
    `INSERT INTO finding_status_log (connection_id, finding_id, status, note, author, at)
     VALUES (@connectionId, @id, @status, @note, @author, @at)`,
  )
  const review = db.prepare<[string], { reviewed_at: number; reviewed_by: string }>(
    'SELECT reviewed_at, reviewed_by FROM finding_reviews WHERE connection_id = ?',
  )
  const markReviewed = db.prepare<{ connectionId: string; author: string; at: number }>(
    `INSERT INTO finding_reviews (connection_id, reviewed_at, reviewed_by)
     VALUES (@connectionId, @at, @author)
     ON CONFLICT (connection_id) DO UPDATE SET reviewed_at = excluded.reviewed_at,
       reviewed_by = excluded.reviewed_by`,
  )
  const evidence = db.prepare<[string], { stream: string; event_id: string }>(
    'SELECT stream, event_id FROM finding_evidence WHERE finding_id = ? ORDER BY stream, event_id',
  )
  const count = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM findings WHERE connection_id = ?',
  )
  const connection = db.prepare<[string], { id: string }>('SELECT id FROM connections WHERE id = ?')
  const connections = db.prepare<[], { id: string; name: string }>(
    'SELECT id, organization_name AS name FROM connections ORDER BY added_at, id',
  )
  const bind = (filter: FindingFilter) => ({
    connectionId: filter.connectionId,
    ruleIds: filter.ruleIds === undefined ? null : JSON.stringify(filter.ruleIds),
    severities: filter.severities === undefined ? null : JSON.stringify(filter.severities),
    statuses: filter.statuses === undefined ? null : JSON.stringify(filter.statuses),
    from: filter.from ?? null,
    to: filter.to ?? null,
    newSince: filter.newSince ?? null,
    limit: filter.limit,
  })
  return {
    /** Stores a finding (a reviewer's status stays); says whether it was new or changed. */
    upsert(finding: StoredFinding, now: number): 'added' | 'changed' | 'same' {
      const before = hashOf.get(finding.id)?.content_hash
      if (before === finding.contentHash) return 'same'
      insert.run({
        id: finding.id,
        connectionId: finding.connectionId,
        ruleId: finding.ruleId,
        ruleVersion: finding.ruleVersion,
        severity: finding.severity,
        windowStart: finding.windowStart,
        windowEnd: finding.windowEnd,
        subjects: JSON.stringify(finding.subjects),
        explanation: finding.explanation,
        measurements: JSON.stringify(finding.measurements),
        thresholds: JSON.stringify(finding.thresholds),
        auditEvidence: finding.evidence.auditEvents.length,
        requestEvidence: finding.evidence.requestLogs.length,
        isTruncated: finding.evidence.isTruncated ? 1 : 0,
        contentHash: finding.contentHash,
        now,
      })
      clearEvidence.run(finding.id)
      const add = (stream: string, eventId: string) => {
        addEvidence.run({ id: finding.id, stream, connectionId: finding.connectionId, eventId })
      }
      for (const eventId of finding.evidence.auditEvents) add('audit-events', eventId)
      for (const eventId of finding.evidence.requestLogs) add('request-logs', eventId)
      return before === undefined ? 'added' : 'changed'
    },
    /** Removes a rule's unreviewed findings ending at or after `from` that are not in `keep`. */
    removeStale: (connectionId: string, ruleId: string, from: number, keep: readonly string[]) =>
      stale.run({ connectionId, ruleId, from, keep: JSON.stringify(keep) }).changes,
    /** Findings matching the filter, newest window first, and how many match in all. */
    list: (filter: FindingFilter) => ({
      rows: list.all(bind(filter)),
      total: total.get(bind(filter))?.n ?? 0,
    }),
    /** One finding of a connection. */
    get: (connectionId: string, id: string) => one.get(connectionId, id),
    /** Sets a finding's status with who and when, and logs the change. */
    setStatus(
      connectionId: string,
      id: string,
      change: { status: FindingStatus; note: string | null },
      stamp: { author: string; at: number },
    ): void {
      db.transaction(() => {
        status.run({ id, ...change, ...stamp })
        log.run({ connectionId, id, ...change, ...stamp })
      }).immediate()
    },
    /** When the connection's findings were last marked reviewed, and by whom. */
    review: (connectionId: string) => review.get(connectionId) ?? null,
    /** Marks every finding found until `at` as reviewed. */
    markReviewed: (connectionId: string, stamp: { author: string; at: number }) =>
      markReviewed.run({ connectionId, ...stamp }),
    /** The upstream ids of a finding's evidence, per stream. */
    evidence(id: string): { auditEvents: string[]; requestLogs: string[] } {
      const rows = evidence.all(id)
      return {
        auditEvents: rows.filter((row) => row.stream === 'audit-events').map((row) => row.event_id),
        requestLogs: rows.filter((row) => row.stream === 'request-logs').map((row) => row.event_id),
      }
    },
    /** Every connection of the cache with its organization's name, oldest first. */
    connections: () => connections.all(),
    /** Whether the cache holds this connection. */
    hasConnection: (connectionId: string) => connection.get(connectionId) !== undefined,
    /** How many findings a connection has. */
    count: (connectionId: string) => count.get(connectionId)?.n ?? 0,
  }
}

/** The finding store's interface. */
export type FindingStore = ReturnType<typeof createFindingStore>
