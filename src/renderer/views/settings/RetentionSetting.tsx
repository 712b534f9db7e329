import { useEffect, useId, useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import type { Settings } from '../../../shared/sync-status-schemas'
import { useClient } from '../../client/ClientContext'
import { formatCount, formatUtc } from '../../format'
import { checkRetentionDays } from './settings-input'
import { FormMessages } from './FormMessages'

type Preview = MethodOutput<'retention.preview'>

/** How long the days field rests before its preview is asked for. */
const previewDelayMs = 300

/**
 * Local retention: keep everything (the default), or remove events older than N days after each
 * sync, never those inside a held period. Shows what a value would remove before it is saved.
 */
export function RetentionSetting(props: { settings: Settings; onSaved: (next: Settings) => void }) {
  const saved = props.settings.retention
  const client = useClient()
  const name = useId()
  const errorId = useId()
  const [isPruning, setPruning] = useState(saved?.days != null)
  const [text, setText] = useState(String(saved?.days ?? 365))
  const [preview, setPreview] = useState<{ days: number; value: Preview } | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [notice, setNotice] = useState<string | undefined>()
  const checked = checkRetentionDays(text)
  const days = checked.ok ? checked.value : undefined

  useEffect(() => {
    if (!isPruning || days === undefined) return
    let isCurrent = true
    const timer = setTimeout(() => {
      void client.call('retention.preview', { days }).then((result) => {
        if (isCurrent) setPreview(result.ok ? { days, value: result.value } : undefined)
      })
    }, previewDelayMs)
    return () => {
      isCurrent = false
      clearTimeout(timer)
    }
  }, [client, isPruning, days])

  const save = async () => {
    setNotice(undefined)
    if (isPruning && !checked.ok) {
      setError(checked.message)
      return
    }
    const retentionDays = isPruning ? (days ?? null) : null
    const result = await client.call('settings.set', { retentionDays })
    if (!result.ok) {
      setError(result.error.message)
      return
    }
    setError(undefined)
    props.onSaved(result.value)
    setNotice(
      retentionDays === null
        ? 'Saved: every event is kept.'
        : `Saved: after each sync, events older than ${formatCount(retentionDays)} days are removed.`,
    )
  }

  const shownError = error ?? (isPruning && !checked.ok ? checked.message : undefined)
  return (
    <form
      className="settings-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        void save()
      }}
      data-testid="settings-retention"
    >
      <p data-testid="settings-retention-saved">
        Now:{' '}
        {saved?.days == null
          ? 'keep every event, also after the server has dropped it.'
          : `remove events older than ${formatCount(saved.days)} days after each sync.`}
      </p>
      <fieldset className="settings-choice">
        <legend>What the cache keeps</legend>
        <label>
          <input
            type="radio"
            name={name}
            checked={!isPruning}
            onChange={() => {
              setPruning(false)
              setError(undefined)
            }}
            data-testid="settings-retention-keep"
          />{' '}
          Keep everything (default)
        </label>
        <span className="settings-row">
          <label>
            <input
              type="radio"
              name={name}
              checked={isPruning}
              onChange={() => {
                setPruning(true)
              }}
              data-testid="settings-retention-prune"
            />{' '}
            Remove events older than
          </label>
          <input
            className="settings-days"
            inputMode="numeric"
            aria-label="Days to keep"
            value={text}
            disabled={!isPruning}
            aria-invalid={shownError !== undefined}
            aria-describedby={shownError === undefined ? undefined : errorId}
            onChange={(event) => {
              setText(event.target.value)
              setError(undefined)
            }}
            data-testid="settings-retention-days"
          />
          <span>days</span>
        </span>
      </fieldset>
      {isPruning && preview !== undefined && preview.days === days && (
        <PreviewLine preview={preview.value} />
      )}
      <HeldPeriods holds={saved?.holds ?? []} />
      <button type="submit" className="button primary" data-testid="settings-retention-save">
        Save retention
      </button>
      <FormMessages error={shownError} errorId={errorId} notice={notice} />
    </form>
  )
}

function PreviewLine(props: { preview: Preview }) {
  const { preview } = props
  return (
    <p className="settings-preview" role="status" data-testid="settings-retention-preview">
      With this setting the next sync removes {formatCount(preview.auditEvents)} audit events and{' '}
      {formatCount(preview.requestLogs)} API requests that occurred before{' '}
      {formatUtc(preview.cutoff)}
      {preview.heldEvents > 0
        ? `; ${formatCount(preview.heldEvents)} older events inside held periods are kept.`
        : '.'}
    </p>
  )
}

function HeldPeriods(props: { holds: readonly { from: number; to: number; reason: string }[] }) {
  if (props.holds.length === 0)
    return <p className="muted">No held periods: retention may remove any old event.</p>
  return (
    <div>
      <p className="muted">Never removed, whatever the setting (held periods):</p>
      <ul className="settings-holds">
        {props.holds.map((hold) => (
          <li key={`${String(hold.from)}-${String(hold.to)}`}>
            {formatUtc(hold.from)} to {formatUtc(hold.to)}: {hold.reason}
          </li>
        ))}
      </ul>
    </div>
  )
}
