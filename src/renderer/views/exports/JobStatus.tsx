import { useState } from 'react'
import type { ExportJob, JobResult } from '../../../shared/export-schemas'
import { useClient } from '../../client/ClientContext'
import { formatBytes, formatCount } from '../../format'
import { useJob } from './export-jobs-store'
import { downloadHref, progressText, transformationLines } from './export-text'

/**
 * One export or pack job: while it runs a progress bar with Cancel; when done what it wrote (rows,
 * files with their SHA-256, every transformation counted) with the download or saved path; when
 * it failed the core's message, naming the path and the cause; when cancelled, that nothing was
 * written. Every string is rendered as text.
 */
export function JobStatus(props: { id: string }) {
  const shown = useJob(props.id)
  if (shown === undefined) return <p className="muted">Starting…</p>
  const { job, phase } = shown
  return (
    <div
      className="export-job"
      data-testid="export-job"
      data-job-id={job.id}
      data-state={job.state}
    >
      {job.state === 'running' && <Running job={job} phase={phase} />}
      {job.state === 'succeeded' && job.result !== null && <Succeeded result={job.result} />}
      {job.state === 'failed' && (
        <p className="form-error" role="alert" data-testid="export-error">
          {job.error?.message ?? 'The export failed.'}
        </p>
      )}
      {job.state === 'cancelled' && (
        <p role="status" data-testid="export-cancelled">
          Cancelled — no file was written.
        </p>
      )}
    </div>
  )
}

function Running(props: { job: ExportJob; phase: string }) {
  const client = useClient()
  const [problem, setProblem] = useState<string | undefined>()
  const { job } = props
  return (
    <div className="export-progress">
      <progress
        max={Math.max(job.totalRows, 1)}
        value={job.totalRows === 0 ? 0 : job.rowsWritten}
        aria-label={`Progress of ${job.label}`}
        data-testid="export-progress"
      />
      <span role="status" data-testid="export-progress-text">
        {props.phase === ''
          ? ''
          : `${props.phase.charAt(0).toUpperCase()}${props.phase.slice(1)}: `}
        {progressText(job.rowsWritten, job.totalRows)}
      </span>
      <button
        type="button"
        className="button"
        onClick={() => {
          void client.call('exports.cancel', { id: job.id }).then((result) => {
            setProblem(result.ok ? undefined : result.error.message)
          })
        }}
        data-testid="export-cancel"
      >
        Cancel
      </button>
      {problem !== undefined && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  )
}

function Succeeded(props: { result: JobResult }) {
  const { result } = props
  const lines = transformationLines(result.transformations)
  return (
    <div className="export-result" data-testid="export-result">
      <p role="status" className="form-notice">
        Done: <span data-testid="export-rows">{formatCount(result.rows)}</span> events written.
      </p>
      {result.note !== null && (
        <p className="export-note" data-testid="export-note">
          {result.note}
        </p>
      )}
      <table className="run-history export-files">
        <caption>Files</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Rows</th>
            <th scope="col">Size</th>
            <th scope="col">SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {result.files.map((file) => (
            <tr key={file.name} data-testid="export-file">
              <td data-testid="export-file-name">{file.name}</td>
              <td className="export-figure">{formatCount(file.rows)}</td>
              <td className="export-figure">{formatBytes(file.bytes)}</td>
              <td>
                <code className="export-hash" data-testid="export-file-sha256">
                  {file.sha256}
                </code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div data-testid="export-transformations">
        {lines.length === 0 ? (
          <p className="muted">
            No cell was changed: every value is written as it is in the cache.
          </p>
        ) : (
          <ul className="export-transformations">
            {lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </div>
      <p className="export-where">
        {result.downloadName !== null && (
          <a
            className="button primary"
            href={downloadHref(result.downloadName)}
            download={result.downloadName}
            data-testid="export-download"
          >
            Download {result.downloadName}
          </a>
        )}{' '}
        <span className="muted">
          Saved to{' '}
          <code className="path" data-testid="export-saved-to">
            {result.savedTo}
          </code>
        </span>
      </p>
    </div>
  )
}
