import { useState } from 'react'
import type { EventFilter, Stream } from '../../../shared/filter'
import { useClient } from '../../client/ClientContext'
import { formatCount } from '../../format'
import { SafeText } from '../log/LogValue'
import { useAnnotationVersion } from './annotation-version'
import { readTag } from './tag-text'
import './annotations.css'

type Outcome = { tag: string; matched: number; tagged: number } | { problem: string }

/**
 * "Tag all N matching": asks for a tag, then tags every event the current filter matches (the
 * core uses the same filter as the table, in one transaction) and says how many it tagged.
 */
export function BulkTagAction(props: {
  stream: Stream
  filter: EventFilter | undefined
  total: number | undefined
}) {
  const client = useClient()
  const bump = useAnnotationVersion((state) => state.bump)
  const [draft, setDraft] = useState<string | undefined>()
  const [isBusy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<Outcome | undefined>()
  const { filter, total } = props
  const isEmpty = filter === undefined || total === undefined || total === 0

  const apply = async (text: string) => {
    const read = readTag(text)
    if ('problem' in read || filter === undefined) {
      setOutcome({ problem: 'problem' in read ? read.problem : 'Connect an organization first.' })
      return
    }
    setBusy(true)
    const result = await client.call('annotations.bulkTag', {
      stream: props.stream,
      filter,
      tag: read.tag,
    })
    setBusy(false)
    if (!result.ok) {
      setOutcome({ problem: result.error.message })
      return
    }
    setOutcome({ tag: read.tag, ...result.value })
    setDraft(undefined)
    bump()
  }

  return (
    <span className="bulk-tag">
      {draft === undefined ? (
        <button
          type="button"
          className="button"
          disabled={isEmpty}
          onClick={() => {
            setDraft('')
            setOutcome(undefined)
          }}
          data-testid="bulk-tag"
        >
          Tag all {total === undefined ? '' : formatCount(total)} matching
        </button>
      ) : (
        <form
          className="annotation-inline-form"
          onSubmit={(event) => {
            event.preventDefault()
            void apply(draft)
          }}
        >
          <input
            type="text"
            aria-label={`Tag for all ${total === undefined ? '' : formatCount(total)} matching events`}
            placeholder="Tag"
            maxLength={64}
            value={draft}
            autoFocus
            onChange={(event) => {
              setDraft(event.target.value)
            }}
            data-testid="bulk-tag-input"
          />
          <button
            type="submit"
            className="button primary"
            disabled={isBusy}
            data-testid="bulk-tag-apply"
          >
            Tag {total === undefined ? '' : formatCount(total)}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setDraft(undefined)
            }}
          >
            Cancel
          </button>
        </form>
      )}
      {outcome !== undefined && (
        <span role="status" className="bulk-tag-result" data-testid="bulk-tag-result">
          {'problem' in outcome ? (
            outcome.problem
          ) : (
            <>
              Tagged {formatCount(outcome.tagged)} of {formatCount(outcome.matched)} with{' '}
              <SafeText value={outcome.tag} />
              {outcome.matched > outcome.tagged &&
                ` (${formatCount(outcome.matched - outcome.tagged)} already had it)`}
            </>
          )}
        </span>
      )}
    </span>
  )
}
