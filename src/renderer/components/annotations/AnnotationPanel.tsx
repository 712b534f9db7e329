import { useId, useState } from 'react'
import type { Stream } from '../../../shared/filter'
import { formatUtc } from '../../format'
import { Chip } from './Chip'
import { CommentList } from './CommentList'
import { LabelControl, type ResourceRef } from './LabelControl'
import { readTag } from './tag-text'
import { useAnnotations, type AnnotationChange } from './use-annotations'
import './annotations.css'

/** Which event the panel annotates, and the resource it acts on (audit events), if any. */
export type AnnotationPanelProps = {
  connectionId: string
  stream: Stream
  eventId: string
  resource?: ResourceRef | undefined
}

/**
 * A reviewer's notes on one event: a star, tags (chips with remove, an add box), comments with
 * author and UTC time, and the sensitivity labels of the event's resource. Every string from
 * the log or a reviewer is rendered as text.
 */
export function AnnotationPanel(props: AnnotationPanelProps) {
  const { annotations, error, update, editComment } = useAnnotations(props)
  const headingId = useId()
  const change = (part: AnnotationChange) => {
    void update(part)
  }
  const star = annotations?.starred ?? null
  return (
    <section
      className="annotation-panel"
      data-testid="annotation-panel"
      aria-labelledby={headingId}
    >
      <header className="annotation-header">
        <h3 id={headingId}>Review</h3>
        <button
          type="button"
          className={star === null ? 'button annotation-star' : 'button annotation-star is-on'}
          aria-pressed={star !== null}
          disabled={annotations === undefined}
          title={
            star === null ? 'Star this event' : `Starred by ${star.author}, ${formatUtc(star.at)}`
          }
          onClick={() => {
            change({ starred: star === null })
          }}
          data-testid="star-toggle"
        >
          <span aria-hidden="true">{star === null ? '☆' : '★'}</span>{' '}
          {star === null ? 'Star' : 'Starred'}
        </button>
      </header>
      {/* Keyed by event: a half-typed tag or comment stays with the event it was typed for. */}
      <TagEditor
        key={`tags-${props.eventId}`}
        tags={annotations?.tags ?? []}
        onAdd={(tag) => update({ addTags: [tag] })}
        onRemove={(tag) => {
          change({ removeTags: [tag] })
        }}
      />
      {props.resource !== undefined && (
        <LabelControl
          key={`labels-${props.eventId}`}
          connectionId={props.connectionId}
          resource={props.resource}
        />
      )}
      <CommentList
        key={`comments-${props.eventId}`}
        comments={annotations?.comments ?? []}
        onAdd={(text) => update({ comment: text })}
        onEdit={editComment}
      />
      {error !== undefined && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}

function TagEditor(props: {
  tags: readonly { tag: string; author: string; at: number }[]
  onAdd: (tag: string) => Promise<boolean>
  onRemove: (tag: string) => void
}) {
  const [draft, setDraft] = useState('')
  const [problem, setProblem] = useState<string | undefined>()
  return (
    <div className="annotation-section">
      <h4>Tags</h4>
      {props.tags.length === 0 ? (
        <p className="muted annotation-empty">No tags yet.</p>
      ) : (
        <ul className="annotation-chips" aria-label="Tags">
          {props.tags.map((tag) => (
            <Chip
              key={tag.tag}
              kind="tag"
              text={tag.tag}
              author={tag.author}
              at={tag.at}
              onRemove={() => {
                props.onRemove(tag.tag)
              }}
            />
          ))}
        </ul>
      )}
      <form
        className="annotation-inline-form"
        onSubmit={(event) => {
          event.preventDefault()
          const read = readTag(draft)
          if ('problem' in read) {
            setProblem(read.problem)
            return
          }
          setProblem(undefined)
          void props.onAdd(read.tag).then((isDone) => {
            if (isDone) setDraft('')
          })
        }}
      >
        <input
          type="text"
          aria-label="Add a tag"
          placeholder="Add a tag (reviewed, escalated…)"
          maxLength={64}
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value)
          }}
          data-testid="tag-input"
        />
        <button type="submit" className="button" data-testid="tag-add">
          Tag
        </button>
      </form>
      {problem !== undefined && <p className="annotation-problem">{problem}</p>}
    </div>
  )
}
