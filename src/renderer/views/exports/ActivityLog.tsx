import { useEffect, useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { useClient } from '../../client/ClientContext'
import { formatCount, formatUtc } from '../../format'
import { useExportJobs } from './export-jobs-store'

type Activity = MethodOutput<'exports.activity'>

/** The reviewer activity log: every export and pack with its files' hashes, and the chain check. */
export function ActivityLog() {
  const client = useClient()
  const version = useExportJobs((state) => state.version)
  const [activity, setActivity] = useState<Activity | undefined>()
  const [error, setError] = useState<string | undefined>()

  useEffect(() => {
    let isCurrent = true
    void client.call('exports.activity', { limit: 200 }).then((result) => {
      if (!isCurrent) return
      if (result.ok) {
        setActivity(result.value)
        setError(undefined)
      } else setError(result.error.message)
    })
    return () => {
      isCurrent = false
    }
  }, [client, version])

  if (error !== undefined)
    return (
      <p className="form-error" role="alert">
        {error}
      </p>
    )
  if (activity === undefined) return <p className="muted">Reading the activity log…</p>
  return (
    <div className="exports-card" data-testid="activity-log">
      <ChainStatus chain={activity.chain} />
      {activity.entries.length === 0 ? (
        <p className="muted">No export or pack has been made from this cache yet.</p>
      ) : (
        <table className="run-history activity-log">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Kind</th>
              <th scope="col">Description</th>
              <th scope="col">Files (SHA-256)</th>
            </tr>
          </thead>
          <tbody>
            {activity.entries.map((entry) => (
              <tr key={entry.id} data-testid="activity-entry" data-kind={entry.kind}>
                <td>{formatUtc(entry.at)}</td>
                <td>{entry.reviewer}</td>
                <td>{entry.kind === 'pack' ? 'Audit pack' : 'Export'}</td>
                <td>{entry.description}</td>
                <td>
                  <ActivityFiles files={entry.files} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}

type Files = Activity['entries'][number]['files']

/** A few files listed in full; a pack's many files after its zip folded under a summary. */
function ActivityFiles(props: { files: Files }) {
  const [first, ...rest] = props.files
  if (first === undefined) return <span className="muted">none</span>
  if (rest.length <= 2) return <FileList files={props.files} />
  return (
    <>
      <FileList files={[first]} />
      <details>
        <summary>{formatCount(rest.length)} files inside</summary>
        <FileList files={rest} />
      </details>
    </>
  )
}

function FileList(props: { files: Files }) {
  return (
    <ul className="activity-files">
      {props.files.map((file) => (
        <li key={file.name}>
          {file.name} <span className="muted">({formatCount(file.rows)} rows)</span>
          <br />
          <code className="export-hash">{file.sha256}</code>
        </li>
      ))}
    </ul>
  )
}

function ChainStatus(props: { chain: Activity['chain'] }) {
  const { chain } = props
  return chain.isIntact ? (
    <p className="chain-intact" data-testid="activity-chain">
      Hash chain intact: no entry was changed, removed or inserted.
    </p>
  ) : (
    <p className="chain-broken" role="alert" data-testid="activity-chain">
      Hash chain broken at entry {chain.brokenAt === null ? '?' : String(chain.brokenAt)}: the log
      was altered outside Audit Desk from there on.
    </p>
  )
}
