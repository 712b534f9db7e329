import { useEffect, useId, useRef, useState } from 'react'
import type { EventFilter, Stream } from '../../../shared/filter'
import { describeFilter } from '../../../shared/query-language'
import { useClient } from '../../client/ClientContext'
import { localTimeZone } from '../../components/log/time-format'
import { formatCount } from '../../format'
import { choicesProblem, exportInput, type ExportChoices } from './export-choices'
import { useExportEvents, useExportJobs } from './export-jobs-store'
import { columnsOf } from './export-text'
import { ExportFields } from './ExportFields'
import { JobStatus } from './JobStatus'
import './exports.css'

const streamWords: Record<Stream, string> = {
  'audit-events': 'audit events',
  'request-logs': 'API request log entries',
}

/**
 * The export dialog of a log view: exports exactly `filter` (the table's own object) and says the
 * count the table shows; once started it follows the job to its end. A modal `<dialog>`: Escape
 * or Close dismiss it (a running export keeps running and is listed under Exports).
 */
export function ExportDialog(props: {
  stream: Stream
  filter: EventFilter
  total: number | undefined
  onClose: () => void
}) {
  useExportEvents()
  const client = useClient()
  const upsert = useExportJobs((state) => state.upsert)
  const dialog = useRef<HTMLDialogElement>(null)
  const headingId = useId()
  const [choices, setChoices] = useState<ExportChoices>(() => ({
    format: 'csv',
    columns: [...columnsOf(props.stream)],
    bom: false,
    hasLocalTime: false,
    zone: localTimeZone(),
    includeAnnotations: false,
    includeFindings: false,
  }))
  const [jobId, setJobId] = useState<string | undefined>()
  const [problem, setProblem] = useState<string | undefined>()
  const [isStarting, setStarting] = useState(false)

  useEffect(() => {
    const element = dialog.current
    if (element !== null && !element.open) element.showModal()
  }, [])

  const start = async () => {
    const reason = choicesProblem(choices)
    if (reason !== undefined) {
      setProblem(reason)
      return
    }
    setStarting(true)
    const result = await client.call(
      'exports.start',
      exportInput(props.stream, props.filter, choices, props.total),
    )
    setStarting(false)
    if (!result.ok) {
      setProblem(result.error.message)
      return
    }
    setProblem(undefined)
    upsert(result.value.job)
    setJobId(result.value.job.id)
  }

  return (
    <dialog
      ref={dialog}
      className="export-dialog"
      // Explicit, so the detail panel's Escape handler sees a dialog took the key.
      role="dialog"
      aria-labelledby={headingId}
      onCancel={(event) => {
        event.preventDefault()
        props.onClose()
      }}
      data-testid="export-dialog"
    >
      <h2 id={headingId}>Export {streamWords[props.stream]}</h2>
      <p className="export-scope">
        <strong data-testid="export-count">
          {props.total === undefined
            ? 'Counting the events to export…'
            : `${formatCount(props.total)} ${props.total === 1 ? 'event' : 'events'} will be exported`}
        </strong>
        <span className="muted" data-testid="export-filter">
          {' '}
          — {describeFilter(props.filter)}
        </span>
      </p>
      {jobId === undefined ? (
        <form
          className="export-form"
          onSubmit={(event) => {
            event.preventDefault()
            void start()
          }}
        >
          <ExportFields stream={props.stream} choices={choices} onChange={setChoices} />
          {problem !== undefined && (
            <p className="form-error" role="alert" data-testid="export-problem">
              {problem}
            </p>
          )}
          <div className="export-actions">
            <button
              type="submit"
              className="button primary"
              disabled={isStarting || props.total === 0}
              data-testid="export-start"
            >
              Export
            </button>
            <button type="button" className="button" onClick={props.onClose}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <JobStatus id={jobId} />
          <div className="export-actions">
            <button
              type="button"
              className="button"
              onClick={props.onClose}
              data-testid="export-close"
            >
              Close
            </button>
          </div>
        </>
      )}
    </dialog>
  )
}
