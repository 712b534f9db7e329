// Reviewers' annotations and the findings each event is evidence for, read per page from the
// snapshot's own tables (so they are of the same moment as the events), keyed by connection and
// upstream event id as annotation-store.ts and finding-store.ts store them.
import type Database from 'better-sqlite3'
import type { Stream } from '../../shared/filter'
import { detectionRuleIdSchema } from '../../shared/findings-schemas'
import { ruleById } from '../detect/rules'
import type { EventRow } from '../query/event-query'
import type { RowExtras } from './columns'

type Keyed = { connectionId: string; eventId: string }
type PageParams = { stream: Stream; keys: string }

/** Looks up the extras of a page of events; the map is keyed by `extrasKey`. */
export type ExtrasReader = (stream: Stream, rows: readonly EventRow[]) => Map<string, RowExtras>

/** The key of an event in an extras map. */
export const extrasKey = (row: EventRow): string =>
  `${String(row.columns.connection_id)}\n${row.id}`

// The page's events as a JSON array of [connection id, event id] joined against each table.
const pageKeys = `json_each(@keys) AS k`
const onEvent = (alias: string) =>
  `${alias}.connection_id = k.value ->> 0 AND ${alias}.stream = @stream AND ${alias}.event_id = k.value ->> 1`

/** Prepares the lookups once for a snapshot connection. */
export function createExtrasReader(db: Database.Database): ExtrasReader {
  const tags = db.prepare<PageParams, Keyed & { tags: string }>(
    `SELECT t.connection_id AS connectionId, t.event_id AS eventId,
            group_concat(t.tag, '; ' ORDER BY t.tag COLLATE NOCASE) AS tags
     FROM ${pageKeys} JOIN event_tags AS t ON ${onEvent('t')}
     GROUP BY t.connection_id, t.event_id`,
  )
  const stars = db.prepare<PageParams, Keyed>(
    `SELECT s.connection_id AS connectionId, s.event_id AS eventId
     FROM ${pageKeys} JOIN event_stars AS s ON ${onEvent('s')}`,
  )
  // The newest comment's current (highest) version.
  const comments = db.prepare<PageParams, Keyed & { body: string }>(
    `SELECT c.connection_id AS connectionId, c.event_id AS eventId,
            (SELECT v.body FROM event_comment_versions AS v WHERE v.comment_id = c.id
             ORDER BY v.version DESC LIMIT 1) AS body
     FROM ${pageKeys} JOIN event_comments AS c ON ${onEvent('c')}
     WHERE c.id = (SELECT n.id FROM event_comments AS n WHERE n.connection_id = c.connection_id
                   AND n.stream = c.stream AND n.event_id = c.event_id ORDER BY n.at DESC, n.id DESC LIMIT 1)`,
  )
  const findings = db.prepare<PageParams, Keyed & { id: string; ruleId: string }>(
    `SELECT e.connection_id AS connectionId, e.event_id AS eventId, f.id, f.rule_id AS ruleId
     FROM ${pageKeys} JOIN finding_evidence AS e ON ${onEvent('e')}
     JOIN findings AS f ON f.id = e.finding_id
     ORDER BY f.window_start, f.id`,
  )
  return (stream, rows) => {
    const extras = new Map<string, RowExtras>()
    for (const row of rows) {
      extras.set(extrasKey(row), { tags: '', starred: false, comment: null, findings: '' })
    }
    const params = {
      stream,
      keys: JSON.stringify(rows.map((row) => [String(row.columns.connection_id), row.id])),
    }
    const entry = (found: Keyed) => extras.get(`${found.connectionId}\n${found.eventId}`)
    for (const found of tags.all(params)) {
      const target = entry(found)
      if (target !== undefined) target.tags = found.tags
    }
    for (const found of stars.all(params)) {
      const target = entry(found)
      if (target !== undefined) target.starred = true
    }
    for (const found of comments.all(params)) {
      const target = entry(found)
      if (target !== undefined) target.comment = found.body
    }
    for (const found of findings.all(params)) {
      const target = entry(found)
      if (target === undefined) continue
      const text = `${found.id}: ${ruleTitle(found.ruleId)}`
      target.findings = target.findings === '' ? text : `${target.findings}; ${text}`
    }
    return extras
  }
}

// A finding of a rule this build does not know (a newer build stored it) is named by its rule id.
function ruleTitle(ruleId: string): string {
  const known = detectionRuleIdSchema.safeParse(ruleId)
  return known.success ? ruleById(known.data).title : ruleId
}
