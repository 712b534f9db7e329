import { useId, useState } from 'react'
import type { Settings } from '../../../shared/sync-status-schemas'
import { useClient } from '../../client/ClientContext'
import { checkAuditPeriod } from './settings-input'
import { FormMessages } from './FormMessages'

/**
 * The audit period under review (whole UTC days, both included): the log views offer it as a
 * quick range next to 24 h … 90 d.
 */
export function AuditPeriodSetting(props: {
  settings: Settings
  onSaved: (next: Settings) => void
}) {
  const saved = props.settings.auditPeriod ?? null
  const client = useClient()
  const fromId = useId()
  const toId = useId()
  const errorId = useId()
  const [from, setFrom] = useState(saved?.from ?? '')
  const [to, setTo] = useState(saved?.to ?? '')
  const [error, setError] = useState<string | undefined>()
  const [notice, setNotice] = useState<string | undefined>()

  const save = async (auditPeriod: { from: string; to: string } | null) => {
    setNotice(undefined)
    const result = await client.call('settings.set', { auditPeriod })
    if (!result.ok) {
      setError(result.error.message)
      return
    }
    setError(undefined)
    props.onSaved(result.value)
    const next = result.value.auditPeriod ?? null
    setFrom(next?.from ?? '')
    setTo(next?.to ?? '')
    setNotice(
      next === null
        ? 'Cleared: the log views no longer offer an audit period.'
        : `Saved: ${next.from} to ${next.to} (UTC, both days included).`,
    )
  }

  return (
    <form
      className="settings-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        const checked = checkAuditPeriod(from, to)
        if (checked.ok) void save(checked.value)
        else setError(checked.message)
      }}
      data-testid="settings-audit-period"
    >
      <p>
        The period your audit covers. The log views offer it as a quick range, from 00:00 UTC on the
        first day to the end of the last day.{' '}
        {saved === null ? 'None is set.' : `Now: ${saved.from} to ${saved.to}.`}
      </p>
      <div className="settings-row">
        <label htmlFor={fromId}>First day</label>
        <input
          id={fromId}
          type="date"
          value={from}
          aria-invalid={error !== undefined}
          aria-describedby={error === undefined ? undefined : errorId}
          onChange={(event) => {
            setFrom(event.target.value)
            setError(undefined)
          }}
          data-testid="settings-audit-period-from"
        />
        <label htmlFor={toId}>Last day</label>
        <input
          id={toId}
          type="date"
          value={to}
          aria-invalid={error !== undefined}
          aria-describedby={error === undefined ? undefined : errorId}
          onChange={(event) => {
            setTo(event.target.value)
            setError(undefined)
          }}
          data-testid="settings-audit-period-to"
        />
        <button type="submit" className="button primary" data-testid="settings-audit-period-save">
          Save period
        </button>
        {saved !== null && (
          <button type="button" className="button" onClick={() => void save(null)}>
            Clear
          </button>
        )}
      </div>
      <FormMessages error={error} errorId={errorId} notice={notice} />
    </form>
  )
}
