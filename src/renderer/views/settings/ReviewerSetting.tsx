import { useId, useState } from 'react'
import type { Settings } from '../../../shared/sync-status-schemas'
import { useClient } from '../../client/ClientContext'
import { checkReviewerName } from './settings-input'
import { FormMessages } from './FormMessages'

/** The name annotations are signed with: the system user's, or one set here. */
export function ReviewerSetting(props: { settings: Settings; onSaved: (next: Settings) => void }) {
  const { settings } = props
  const client = useClient()
  const inputId = useId()
  const errorId = useId()
  const [text, setText] = useState(settings.customReviewerName ?? '')
  const [error, setError] = useState<string | undefined>()
  const [notice, setNotice] = useState<string | undefined>()

  const save = async (name: string | null) => {
    setError(undefined)
    setNotice(undefined)
    const result = await client.call('settings.set', { reviewerName: name })
    if (!result.ok) {
      setError(result.error.message)
      return
    }
    props.onSaved(result.value)
    setText(result.value.customReviewerName ?? '')
    setNotice(`Saved. Annotations are signed as ${result.value.reviewerName}.`)
  }

  return (
    <form
      className="settings-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        const checked = checkReviewerName(text)
        if (checked.ok) void save(checked.value)
        else setError(checked.message)
      }}
      data-testid="settings-reviewer"
    >
      <p>
        Tags, stars and comments are signed with this name. Now:{' '}
        <strong data-testid="settings-reviewer-current">{settings.reviewerName}</strong>
        {settings.customReviewerName === null ? ' (the system user name)' : ''}.
      </p>
      <label htmlFor={inputId}>Reviewer name</label>
      <div className="settings-row">
        <input
          id={inputId}
          value={text}
          maxLength={512}
          autoComplete="name"
          aria-invalid={error !== undefined}
          aria-describedby={error === undefined ? undefined : errorId}
          onChange={(event) => {
            setText(event.target.value)
            setError(undefined)
          }}
          data-testid="settings-reviewer-input"
        />
        <button type="submit" className="button primary" data-testid="settings-reviewer-save">
          Save name
        </button>
        {settings.customReviewerName !== null && (
          <button type="button" className="button" onClick={() => void save(null)}>
            Use the system user name
          </button>
        )}
      </div>
      <FormMessages error={error} errorId={errorId} notice={notice} />
    </form>
  )
}
