import { useState } from 'react'
import type { QueryError } from '../../../shared/query-language'
import type { AuditPeriod } from '../../../shared/sync-status-schemas'
import { hashFor } from '../../navigation'

const quickRanges = [
  { label: '24 h', ms: 86_400_000 },
  { label: '7 d', ms: 7 * 86_400_000 },
  { label: '30 d', ms: 30 * 86_400_000 },
  { label: '90 d', ms: 90 * 86_400_000 },
] as const

/**
 * The query bar: one line of `qualifier:value` terms that round-trips with the filter (the text
 * lives in the URL, so back and forward work). Quick ranges set `from:` to now minus the range;
 * the audit period (set in Settings) sets `from:` and `to:` to its first and last UTC day.
 */
export function QueryBar(props: {
  query: string
  errors: readonly QueryError[]
  placeholder: string
  onSubmit: (query: string) => void
  onQuickRange: (sinceMs: number) => void
  /** The audit period from Settings: null when none is set, undefined while it is read. */
  auditPeriod: AuditPeriod | null | undefined
  onAuditPeriod: (period: AuditPeriod) => void
}) {
  const period = props.auditPeriod
  const [draft, setDraft] = useState(props.query)
  const [shown, setShown] = useState(props.query)
  // A new query from outside (a pivot, back or forward) replaces the draft.
  if (shown !== props.query) {
    setShown(props.query)
    setDraft(props.query)
  }
  return (
    <div className="query-bar">
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault()
          props.onSubmit(draft.trim())
        }}
      >
        <input
          type="search"
          aria-label="Filter"
          value={draft}
          placeholder={props.placeholder}
          spellCheck={false}
          onChange={(event) => {
            setDraft(event.target.value)
          }}
          data-testid="query-input"
        />
        <button type="submit" className="button primary" data-testid="query-apply">
          Apply
        </button>
        <span className="quick-ranges" aria-label="Quick ranges">
          {quickRanges.map((range) => (
            <button
              key={range.label}
              type="button"
              className="button"
              onClick={() => {
                props.onQuickRange(range.ms)
              }}
            >
              {range.label}
            </button>
          ))}
          {period === null ? (
            <a
              className="button"
              href={hashFor('settings')}
              title="Set the audit period in Settings"
            >
              Audit period…
            </a>
          ) : (
            period !== undefined && (
              <button
                type="button"
                className="button"
                title={`${period.from} 00:00 UTC to the end of ${period.to} UTC`}
                onClick={() => {
                  props.onAuditPeriod(period)
                }}
                data-testid="quick-range-audit-period"
              >
                Audit period
              </button>
            )
          )}
        </span>
      </form>
      {props.errors.length > 0 && (
        <ul className="query-errors" role="alert" data-testid="query-errors">
          {props.errors.map((error, index) => (
            <li key={index}>{error.message}</li>
          ))}
        </ul>
      )}
    </div>
  )
}
