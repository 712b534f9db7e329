import { useCallback, useEffect, useId, useState } from 'react'
import type { ResourceLabel } from '../../../shared/annotation-contract'
import { useClient } from '../../client/ClientContext'
import { SafeText } from '../log/LogValue'
import { Chip } from './Chip'
import { readTag } from './tag-text'

/** A resource an audit event acts on. */
export type ResourceRef = { type: string; id: string }

/** Labels a reviewer is likely to want, offered alongside those already in use. */
const suggestedLabels = ['HIPAA', 'GDPR', 'PCI DSS', 'SOX', 'Confidential']

/**
 * The sensitivity labels of one resource (a template, a project): its current labels as chips,
 * and a box to add one. `label:HIPAA` in the query bar then finds every event on it.
 */
export function LabelControl(props: { connectionId: string; resource: ResourceRef }) {
  const { connectionId, resource } = props
  const client = useClient()
  const listId = useId()
  const [labels, setLabels] = useState<{ connectionId: string; list: ResourceLabel[] }>()
  const [version, setVersion] = useState(0)
  const [draft, setDraft] = useState('')
  const [problem, setProblem] = useState<string | undefined>()

  useEffect(() => {
    let isCurrent = true
    void client.call('labels.list', { connectionId }).then((result) => {
      if (!isCurrent) return
      if (result.ok) setLabels({ connectionId, list: result.value.labels })
      else setProblem(result.error.message)
    })
    return () => {
      isCurrent = false
    }
  }, [client, connectionId, version])

  const set = useCallback(
    async (label: string, isSet: boolean): Promise<boolean> => {
      const result = await client.call('labels.set', {
        connectionId,
        resourceType: resource.type,
        resourceId: resource.id,
        label,
        isSet,
      })
      setProblem(result.ok ? undefined : result.error.message)
      setVersion((current) => current + 1)
      return result.ok
    },
    [client, connectionId, resource.type, resource.id],
  )

  const all = labels?.connectionId === connectionId ? labels.list : []
  const mine = all.filter(
    (label) => label.resourceType === resource.type && label.resourceId === resource.id,
  )
  const known = [...new Set([...suggestedLabels, ...all.map((label) => label.label)])]
  return (
    <div className="annotation-section" data-testid="label-control">
      <h4>Sensitivity labels</h4>
      <p className="annotation-resource muted">
        On <SafeText value={resource.type} maxLength={40} />{' '}
        <code>
          <SafeText value={resource.id} maxLength={80} />
        </code>
      </p>
      {mine.length === 0 ? (
        <p className="muted annotation-empty">Not labelled.</p>
      ) : (
        <ul className="annotation-chips" aria-label="Labels">
          {mine.map((label) => (
            <Chip
              key={label.label}
              kind="label"
              text={label.label}
              author={label.author}
              at={label.at}
              onRemove={() => {
                void set(label.label, false)
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
            setProblem(read.problem.replace('tag', 'label'))
            return
          }
          void set(read.tag, true).then((isDone) => {
            if (isDone) setDraft('')
          })
        }}
      >
        <input
          type="text"
          aria-label="Label the resource"
          placeholder="Label (HIPAA, GDPR…)"
          list={listId}
          maxLength={64}
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value)
          }}
          data-testid="label-input"
        />
        <datalist id={listId}>
          {known.map((label) => (
            <option key={label} value={label} />
          ))}
        </datalist>
        <button type="submit" className="button" data-testid="label-add">
          Label
        </button>
      </form>
      {problem !== undefined && <p className="annotation-problem">{problem}</p>}
    </div>
  )
}
