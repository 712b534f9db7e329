// Reviewers' annotations on events (tags, a star, comments), keyed by (connection, stream,
// upstream event id) so they survive a prune and re-sync. Every change is stamped with who and
// when and appended to event_annotation_log; a comment is never overwritten: an edit is a new
// version. Statements are prepared once, with named parameters.
import type Database from 'better-sqlite3'
import type { Stream } from '../../shared/filter'

/** One event, as annotations name it. */
export type EventRef = { connectionId: string; stream: Stream; eventId: string }

/** Who made a change and when (epoch ms). */
export type Stamp = { author: string; at: number }

/** A change as event_annotation_log records it. */
export type AnnotationChange =
  'tag-added' | 'tag-removed' | 'starred' | 'unstarred' | 'comment-added' | 'comment-edited'

/** One version of a comment's text. */
export type CommentVersion = Stamp & { version: number; text: string }

/** A comment: who wrote it and when, its current text, and every version oldest first. */
export type CommentRecord = Stamp & { id: number; text: string; versions: CommentVersion[] }

/** Everything a reviewer recorded on one event. */
export type EventAnnotations = {
  tags: (Stamp & { tag: string })[]
  starred: Stamp | null
  comments: CommentRecord[]
  /** The event's change log, newest first (at most `historyLimit` entries). */
  history: (Stamp & { change: AnnotationChange; value: string | null })[]
}

/** What one update does to each of its events; every part optional. */
export type AnnotationUpdate = {
  addTags?: readonly string[] | undefined
  removeTags?: readonly string[] | undefined
  starred?: boolean | undefined
  comment?: string | undefined
}

/** What an update changed (a tag already there, or a star already set, counts nothing). */
export type UpdateCounts = {
  tagsAdded: number
  tagsRemoved: number
  starsChanged: number
  commentsAdded: number
}

/** The most log entries `get` returns. */
export const historyLimit = 200

type EventParams = { connectionId: string; stream: Stream; eventId: string }
type StampedParams = EventParams & Stamp
const where = 'connection_id = @connectionId AND stream = @stream AND event_id = @eventId'

/** Prepared statements over the annotation tables. */
export function createAnnotationStore(db: Database.Database) {
  const insertTag = db.prepare<StampedParams & { tag: string }>(
    `INSERT INTO event_tags (connection_id, stream, event_id, tag, author, at)
     VALUES (@connectionId, @stream, @eventId, @tag, @author, @at) ON CONFLICT DO NOTHING`,
  )
  const deleteTag = db.prepare<EventParams & { tag: string }, { tag: string }>(
    `DELETE FROM event_tags WHERE ${where} AND tag = @tag RETURNING tag`,
  )
  const insertStar = db.prepare<StampedParams>(
    `INSERT INTO event_stars (connection_id, stream, event_id, author, at)
     VALUES (@connectionId, @stream, @eventId, @author, @at) ON CONFLICT DO NOTHING`,
  )
  const deleteStar = db.prepare<EventParams>(`DELETE FROM event_stars WHERE ${where}`)
  const insertComment = db.prepare<StampedParams>(
    `INSERT INTO event_comments (connection_id, stream, event_id, author, at)
     VALUES (@connectionId, @stream, @eventId, @author, @at)`,
  )
  const insertVersion = db.prepare<Stamp & { commentId: number; version: number; text: string }>(
    `INSERT INTO event_comment_versions (comment_id, version, body, author, at)
     VALUES (@commentId, @version, @text, @author, @at)`,
  )
  const log = db.prepare<StampedParams & { change: AnnotationChange; value: string | null }>(
    `INSERT INTO event_annotation_log (connection_id, stream, event_id, change, value, author, at)
     VALUES (@connectionId, @stream, @eventId, @change, @value, @author, @at)`,
  )
  const selectTags = db.prepare<EventParams, Stamp & { tag: string }>(
    `SELECT tag, author, at FROM event_tags WHERE ${where} ORDER BY at, tag`,
  )
  const selectStar = db.prepare<EventParams, Stamp>(
    `SELECT author, at FROM event_stars WHERE ${where}`,
  )
  const selectVersions = db.prepare<
    EventParams,
    CommentVersion & { commentId: number; commentAuthor: string; commentAt: number }
  >(
    `SELECT c.id AS commentId, c.author AS commentAuthor, c.at AS commentAt,
            v.version, v.body AS text, v.author, v.at
     FROM event_comments AS c JOIN event_comment_versions AS v ON v.comment_id = c.id
     WHERE c.connection_id = @connectionId AND c.stream = @stream AND c.event_id = @eventId
     ORDER BY c.at, c.id, v.version`,
  )
  const selectHistory = db.prepare<
    EventParams & { limit: number },
    Stamp & { change: AnnotationChange; value: string | null }
  >(
    `SELECT change, value, author, at FROM event_annotation_log WHERE ${where}
     ORDER BY id DESC LIMIT @limit`,
  )
  const selectLatest = db.prepare<
    { commentId: number },
    EventParams & { version: number; text: string }
  >(
    `SELECT c.connection_id AS connectionId, c.stream, c.event_id AS eventId,
            v.version, v.body AS text
     FROM event_comments AS c JOIN event_comment_versions AS v ON v.comment_id = c.id
     WHERE c.id = @commentId ORDER BY v.version DESC LIMIT 1`,
  )
  const missingIn = (table: string) =>
    db.prepare<{ connectionId: string; ids: string }, { id: string }>(
      `SELECT j.value AS id FROM json_each(@ids) AS j WHERE NOT EXISTS
         (SELECT 1 FROM ${table} AS e WHERE e.connection_id = @connectionId AND e.id = j.value)`,
    )
  const missing: Record<Stream, ReturnType<typeof missingIn>> = {
    'audit-events': missingIn('audit_events'),
    'request-logs': missingIn('request_logs'),
  }

  /** Applies one update to one event; adds what it changed to `counts`. */
  const apply = (
    event: EventParams,
    update: AnnotationUpdate,
    stamp: Stamp,
    counts: UpdateCounts,
  ) => {
    const stamped = { ...event, ...stamp }
    const record = (change: AnnotationChange, value: string | null) =>
      log.run({ ...stamped, change, value })
    for (const tag of update.addTags ?? []) {
      if (insertTag.run({ ...stamped, tag }).changes === 0) continue
      record('tag-added', tag)
      counts.tagsAdded++
    }
    for (const tag of update.removeTags ?? []) {
      const removed = deleteTag.get({ ...event, tag })
      if (removed === undefined) continue
      record('tag-removed', removed.tag)
      counts.tagsRemoved++
    }
    if (update.starred === true && insertStar.run(stamped).changes > 0) {
      record('starred', null)
      counts.starsChanged++
    }
    if (update.starred === false && deleteStar.run(event).changes > 0) {
      record('unstarred', null)
      counts.starsChanged++
    }
    if (update.comment !== undefined) {
      const commentId = Number(insertComment.run(stamped).lastInsertRowid)
      insertVersion.run({ commentId, version: 1, text: update.comment, ...stamp })
      record('comment-added', update.comment)
      counts.commentsAdded++
    }
  }

  const connection = db.prepare<{ connectionId: string }, { id: string }>(
    'SELECT id FROM connections WHERE id = @connectionId',
  )

  return {
    /** Whether the cache holds that connection. */
    hasConnection: (connectionId: string): boolean =>
      connection.get({ connectionId }) !== undefined,

    /** The ids among `eventIds` that the cache does not hold for that connection and stream. */
    missingEvents(connectionId: string, stream: Stream, eventIds: readonly string[]): string[] {
      return missing[stream]
        .all({ connectionId, ids: JSON.stringify(eventIds) })
        .map((row) => row.id)
    },

    /** Applies `update` to every event, in one transaction. */
    update(
      ref: { connectionId: string; stream: Stream; eventIds: readonly string[] },
      update: AnnotationUpdate,
      stamp: Stamp,
    ): UpdateCounts {
      const counts: UpdateCounts = {
        tagsAdded: 0,
        tagsRemoved: 0,
        starsChanged: 0,
        commentsAdded: 0,
      }
      db.transaction(() => {
        for (const eventId of ref.eventIds)
          apply(
            { connectionId: ref.connectionId, stream: ref.stream, eventId },
            update,
            stamp,
            counts,
          )
      }).immediate()
      return counts
    },

    /**
     * Records new text for a comment of `event` as its next version. Returns the version now
     * current, or undefined when the event has no such comment. The same text changes nothing.
     */
    editComment(
      event: EventRef,
      commentId: number,
      text: string,
      stamp: Stamp,
    ): number | undefined {
      return db
        .transaction(() => {
          const latest = selectLatest.get({ commentId })
          if (
            latest?.connectionId !== event.connectionId ||
            latest.stream !== event.stream ||
            latest.eventId !== event.eventId
          )
            return undefined
          if (latest.text === text) return latest.version
          const version = latest.version + 1
          insertVersion.run({ commentId, version, text, ...stamp })
          log.run({ ...event, ...stamp, change: 'comment-edited', value: text })
          return version
        })
        .immediate()
    },

    /** Everything recorded on one event. */
    get(event: EventRef): EventAnnotations {
      const comments = new Map<number, CommentRecord>()
      for (const row of selectVersions.all(event)) {
        const { commentId, commentAuthor, commentAt, ...version } = row
        const comment = comments.get(commentId) ?? {
          id: commentId,
          author: commentAuthor,
          at: commentAt,
          text: version.text,
          versions: [],
        }
        comment.versions.push(version)
        comment.text = version.text
        comments.set(commentId, comment)
      }
      return {
        tags: selectTags.all(event),
        starred: selectStar.get(event) ?? null,
        comments: [...comments.values()],
        history: selectHistory.all({ ...event, limit: historyLimit }),
      }
    },
  }
}

/** The annotation store's interface. */
export type AnnotationStore = ReturnType<typeof createAnnotationStore>
