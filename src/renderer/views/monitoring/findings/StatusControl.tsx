import { useId, useState } from 'react'
import type { Finding, FindingStatus } from '../../../../shared/findings-schemas'
import { useClient } from '../../../client/ClientContext'
import { formatUtc } from '../../../format'
import { statusWords } from './finding-text'

/**
 * A finding's review: who set its status and when, with their note, and a form to change it (a
 * false positive needs a note saying why).
 */
export function StatusControl(props: { finding: Finding; onChanged: (next: Finding) => void }) {
  const { finding } = props
  const client = useClient()
  const noteId = useId()
  const [status, setStatus] = useState<FindingStatus>(finding.status)
  const [note, setNote] = useState(finding.statusNote ?? '')
  const [error, setError] = useState<string | undefined>()
  const [isSaving, setSaving] = useState(false)

  const save = async () => {
    const text = note.trim()
    if (status === 'false_positive' && text === '') {
      setError('Say why it is a false positive: the note is kept with the finding.')
      return
    }
    setSaving(true)
    setError(undefined)
    const result = await client.call('findings.setStatus', {
      connectionId: finding.connectionId,
      findingId: finding.id,
      status,
      ...(text === '' ? {} : { note: text }),
    })
    setSaving(false)
    if (result.ok) props.onChanged(result.value.finding)
    else setError(result.error.message)
  }

  return (
    <form
      className="finding-status"
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        void save()
      }}
      data-testid="finding-status"
    >
      <p className="finding-status-line" data-testid="finding-status-line">
        <strong>{statusWords[finding.status]}</strong>
        {finding.statusBy !== null && finding.statusAt !== null && (
          <>
            {' '}
            · set by {finding.statusBy} at {formatUtc(finding.statusAt)}
          </>
        )}
        {finding.statusNote !== null && <> · “{finding.statusNote}”</>}
      </p>
      <div className="finding-status-row">
        <label className="sr-only" htmlFor={`${noteId}-status`}>
          Status
        </label>
        <select
          id={`${noteId}-status`}
          value={status}
          onChange={(event) => {
            setStatus(event.target.value as FindingStatus) // the options are the three statuses
            setError(undefined)
          }}
          data-testid="finding-status-select"
        >
          <option value="open">Open</option>
          <option value="acknowledged">Acknowledged</option>
          <option value="false_positive">False positive</option>
        </select>
        <label className="sr-only" htmlFor={noteId}>
          Note
        </label>
        <input
          id={noteId}
          value={note}
          maxLength={2000}
          placeholder={
            status === 'false_positive'
              ? 'Why is it a false positive? (required)'
              : 'Note (optional)'
          }
          onChange={(event) => {
            setNote(event.target.value)
            setError(undefined)
          }}
          aria-invalid={error !== undefined}
          data-testid="finding-status-note"
        />
        <button
          type="submit"
          className="button"
          disabled={isSaving}
          data-testid="finding-status-save"
        >
          {isSaving ? 'Saving…' : 'Save status'}
        </button>
      </div>
      {error !== undefined && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
