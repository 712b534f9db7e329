// Sensitivity labels on resources (a template, a project labelled HIPAA or GDPR), per
// connection, so `label:HIPAA` finds every event acting on them. Labels compare
// case-insensitively; setting and removing are stamped and appended to resource_label_log.
import type Database from 'better-sqlite3'
import type { Stamp } from './annotation-store'

/** A resource of one connection, as labels name it. */
export type ResourceRef = { connectionId: string; resourceType: string; resourceId: string }

/** One label on one resource, with who set it and when. */
export type LabelRecord = Stamp & { resourceType: string; resourceId: string; label: string }

/** The most labels `list` returns for one connection. */
export const labelListLimit = 10_000

type LabelParams = ResourceRef & { label: string }

/** Prepared statements over resource_labels and its log. */
export function createLabelStore(db: Database.Database) {
  const list = db.prepare<{ connectionId: string; limit: number }, LabelRecord>(
    `SELECT resource_type AS resourceType, resource_id AS resourceId, label, author, at
     FROM resource_labels WHERE connection_id = @connectionId
     ORDER BY label, resource_type, resource_id LIMIT @limit`,
  )
  const insert = db.prepare<LabelParams & Stamp>(
    `INSERT INTO resource_labels (connection_id, resource_type, resource_id, label, author, at)
     VALUES (@connectionId, @resourceType, @resourceId, @label, @author, @at) ON CONFLICT DO NOTHING`,
  )
  const remove = db.prepare<LabelParams, { label: string }>(
    `DELETE FROM resource_labels WHERE connection_id = @connectionId
       AND resource_type = @resourceType AND resource_id = @resourceId AND label = @label
     RETURNING label`,
  )
  const log = db.prepare<LabelParams & Stamp & { isSet: number }>(
    `INSERT INTO resource_label_log (connection_id, resource_type, resource_id, label, is_set, author, at)
     VALUES (@connectionId, @resourceType, @resourceId, @label, @isSet, @author, @at)`,
  )
  return {
    /** Every label of a connection, by label then resource (at most labelListLimit). */
    list: (connectionId: string): LabelRecord[] =>
      list.all({ connectionId, limit: labelListLimit }),

    /** Sets (`isSet`) or removes a label; true when that changed anything. */
    set(resource: ResourceRef, label: string, isSet: boolean, stamp: Stamp): boolean {
      return db
        .transaction(() => {
          const params = { ...resource, label }
          if (isSet) {
            if (insert.run({ ...params, ...stamp }).changes === 0) return false
            log.run({ ...params, ...stamp, isSet: 1 })
            return true
          }
          const removed = remove.get(params)
          if (removed === undefined) return false
          log.run({ ...params, label: removed.label, ...stamp, isSet: 0 })
          return true
        })
        .immediate()
    },
  }
}
