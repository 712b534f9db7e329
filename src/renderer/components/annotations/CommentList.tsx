import { useState } from 'react'
import type { EventAnnotations } from '../../../shared/annotation-contract'
import { formatUtc } from '../../format'
import { SafeText } from '../log/LogValue'

/** The longest comment the core accepts. */
const maxCommentLength = 4000

type Comment = EventAnnotations['comments'][number]

/**
 * An event's comments, oldest first, each with its author and UTC time; an edited one says so
 * and keeps its earlier versions to read. Below them, a box to add one.
 */
export function CommentList(props: {
  comments: readonly Comment[]
  onAdd: (text: string) => Promise<boolean>
  onEdit: (commentId: number, text: string) => Promise<boolean>
}) {
  const [draft, setDraft] = useState('')
  const isBlank = draft.trim() === ''
  return (
    <div className="annotation-section">
      <h4>Comments</h4>
      {props.comments.length === 0 ? (
        <p className="muted annotation-empty">No comments yet.</p>
      ) : (
        <ol className="annotation-comments">
          {props.comments.map((comment) => (
            <CommentItem key={comment.id} comment={comment} onEdit={props.onEdit} />
          ))}
        </ol>
      )}
      <form
        className="annotation-comment-form"
        onSubmit={(event) => {
          event.preventDefault()
          if (isBlank) return
          void props.onAdd(draft).then((isDone) => {
            if (isDone) setDraft('')
          })
        }}
      >
        <textarea
          aria-label="Add a comment"
          placeholder="Add a comment"
          rows={2}
          maxLength={maxCommentLength}
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value)
          }}
          data-testid="comment-input"
        />
        <button type="submit" className="button" disabled={isBlank} data-testid="comment-add">
          Add comment
        </button>
      </form>
    </div>
  )
}

function CommentItem(props: {
  comment: Comment
  onEdit: (commentId: number, text: string) => Promise<boolean>
}) {
  const { comment } = props
  const [editing, setEditing] = useState<string | undefined>()
  const latest = comment.versions.at(-1)
  const earlier = comment.versions.slice(0, -1)
  return (
    <li className="annotation-comment" data-testid="comment-item">
      <div className="annotation-comment-meta">
        <strong>
          <SafeText value={comment.author} />
        </strong>{' '}
        <span className="muted">{formatUtc(comment.at)}</span>
        {latest !== undefined && earlier.length > 0 && (
          <span className="muted">
            {' '}
            · edited by <SafeText value={latest.author} />, {formatUtc(latest.at)}
          </span>
        )}
      </div>
      {editing === undefined ? (
        <div className="annotation-comment-text">
          <SafeText value={comment.text} keepLineBreaks />
        </div>
      ) : (
        <form
          className="annotation-comment-form"
          onSubmit={(event) => {
            event.preventDefault()
            if (editing.trim() === '') return
            void props.onEdit(comment.id, editing).then((isDone) => {
              if (isDone) setEditing(undefined)
            })
          }}
        >
          <textarea
            aria-label="Edit the comment"
            rows={2}
            maxLength={maxCommentLength}
            value={editing}
            onChange={(event) => {
              setEditing(event.target.value)
            }}
          />
          <span className="annotation-actions">
            <button type="submit" className="button">
              Save
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setEditing(undefined)
              }}
            >
              Cancel
            </button>
          </span>
        </form>
      )}
      {editing === undefined && (
        <button
          type="button"
          className="annotation-link"
          onClick={() => {
            setEditing(comment.text)
          }}
        >
          Edit
        </button>
      )}
      {earlier.length > 0 && (
        <details className="annotation-versions">
          <summary>Earlier versions ({earlier.length})</summary>
          <ol>
            {earlier.map((version) => (
              <li key={version.version}>
                <span className="muted">
                  <SafeText value={version.author} />, {formatUtc(version.at)}
                </span>
                <div className="annotation-comment-text">
                  <SafeText value={version.text} keepLineBreaks />
                </div>
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  )
}
