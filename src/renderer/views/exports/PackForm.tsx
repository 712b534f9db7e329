import { useCallback, useRef, useState } from 'react'
import type { Stream } from '../../../shared/filter'
import { useClient } from '../../client/ClientContext'
import { useCommandRequest } from '../../menu-commands'
import { useConnectionsStore } from '../../state/connections-store'
import { useExportJobs } from './export-jobs-store'
import { defaultPackPeriod } from './export-text'
import { packInput, redactionChoices, type PackFields } from './pack-input'
import type { AuditPeriod } from '../../../shared/sync-status-schemas'

const streamChoices: readonly { value: Stream; label: string }[] = [
  { value: 'audit-events', label: 'Audit log' },
  { value: 'request-logs', label: 'API requests' },
]

/** "Build an audit pack": organization, period (UTC dates), logs, filter, redaction; then its job. */
export function PackForm(props: { connectionId: string; auditPeriod: AuditPeriod | null }) {
  const client = useClient()
  const connections = useConnectionsStore((state) => state.connections) ?? []
  const upsert = useExportJobs((state) => state.upsert)
  const [fields, setFields] = useState<PackFields>(() => ({
    connectionId: props.connectionId,
    ...defaultPackPeriod(props.auditPeriod, Date.now()),
    streams: ['audit-events', 'request-logs'],
    query: '',
    redaction: 'none',
    engagement: '',
  }))
  const [problems, setProblems] = useState<string[]>([])
  const [jobId, setJobId] = useState<string | undefined>()
  const [isStarting, setStarting] = useState(false)
  // File › Build audit pack… brings the form into view with the cursor in its first field.
  const formRef = useRef<HTMLFormElement>(null)
  const showForm = useCallback(() => {
    formRef.current?.scrollIntoView({ block: 'nearest' })
    formRef.current?.querySelector<HTMLElement>('select, input')?.focus()
  }, [])
  useCommandRequest('buildPack', true, showForm)
  const set = (change: Partial<PackFields>) => {
    setFields((current) => ({ ...current, ...change }))
  }

  const start = async () => {
    const made = packInput(fields)
    if ('problems' in made) {
      setProblems(made.problems)
      return
    }
    setStarting(true)
    const result = await client.call('packs.start', made.input)
    setStarting(false)
    if (!result.ok) {
      setProblems([result.error.message])
      return
    }
    setProblems([])
    upsert(result.value.job)
    setJobId(result.value.job.id)
  }

  return (
    <form
      ref={formRef}
      className="pack-form exports-card"
      aria-label="Build an audit pack"
      onSubmit={(event) => {
        event.preventDefault()
        void start()
      }}
      data-testid="pack-form"
    >
      <label className="pack-field">
        Organization
        <select
          value={fields.connectionId}
          onChange={(event) => {
            set({ connectionId: event.target.value })
          }}
          data-testid="pack-connection"
        >
          {connections.map((connection) => (
            <option key={connection.id} value={connection.id}>
              {connection.organizationName}
            </option>
          ))}
        </select>
      </label>
      <div className="pack-dates">
        <label className="pack-field">
          From (UTC, first day)
          <input
            type="date"
            value={fields.from}
            required
            onChange={(event) => {
              set({ from: event.target.value })
            }}
            data-testid="pack-from"
          />
        </label>
        <label className="pack-field">
          To (UTC, last day, included)
          <input
            type="date"
            value={fields.to}
            required
            onChange={(event) => {
              set({ to: event.target.value })
            }}
            data-testid="pack-to"
          />
        </label>
      </div>
      <fieldset className="export-fieldset">
        <legend>Logs</legend>
        {streamChoices.map((choice) => (
          <label key={choice.value}>
            <input
              type="checkbox"
              checked={fields.streams.includes(choice.value)}
              onChange={(event) => {
                const others = fields.streams.filter((stream) => stream !== choice.value)
                set({ streams: event.target.checked ? [...others, choice.value] : others })
              }}
              data-testid={`pack-stream-${choice.value}`}
            />{' '}
            {choice.label}
          </label>
        ))}
      </fieldset>
      <label className="pack-field is-wide">
        Filter (optional, the log views&apos; query language)
        <input
          type="text"
          className="pack-query"
          placeholder="category:auth -status:success"
          value={fields.query}
          maxLength={4000}
          onChange={(event) => {
            set({ query: event.target.value })
          }}
          data-testid="pack-query"
        />
      </label>
      <RedactionFields fields={fields} set={set} />
      {problems.length > 0 && (
        <ul className="form-error" role="alert" data-testid="pack-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div className="export-actions">
        <button
          type="submit"
          className="button primary"
          disabled={isStarting}
          data-testid="pack-start"
        >
          Build pack
        </button>
      </div>
      {jobId !== undefined && (
        <p role="status" className="form-notice" data-testid="pack-started">
          Pack started: its progress is under Jobs below.
        </p>
      )}
    </form>
  )
}

function RedactionFields(props: {
  fields: PackFields
  set: (change: Partial<PackFields>) => void
}) {
  const { fields, set } = props
  return (
    <fieldset className="export-fieldset" data-testid="pack-redaction">
      <legend>Redaction</legend>
      {redactionChoices.map((choice) => (
        <label key={choice.value}>
          <input
            type="radio"
            name="pack-redaction"
            value={choice.value}
            checked={fields.redaction === choice.value}
            onChange={() => {
              set({ redaction: choice.value })
            }}
            data-testid={`pack-redaction-${choice.value}`}
          />{' '}
          {choice.label} <span className="muted">— {choice.detail}</span>
        </label>
      ))}
      {fields.redaction !== 'none' && (
        <label className="pack-field">
          Engagement name
          <input
            type="text"
            value={fields.engagement}
            maxLength={100}
            placeholder="FY2026 SOC 2"
            onChange={(event) => {
              set({ engagement: event.target.value })
            }}
            data-testid="pack-engagement"
          />
        </label>
      )}
    </fieldset>
  )
}
