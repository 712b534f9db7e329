import { useEffect, useState } from 'react'
import { useClient } from '../../client/ClientContext'
import { formatUtc } from '../../format'
import { useExportJobs } from './export-jobs-store'
import { JobStatus } from './JobStatus'

/** The export and pack jobs of this session, newest first: running ones with progress and Cancel. */
export function JobsList() {
  const client = useClient()
  const upsert = useExportJobs((state) => state.upsert)
  const jobs = useExportJobs((state) => state.jobs)
  const [error, setError] = useState<string | undefined>()

  useEffect(() => {
    let isCurrent = true
    void client.call('exports.jobs', {}).then((result) => {
      if (!isCurrent) return
      if (!result.ok) {
        setError(result.error.message)
        return
      }
      for (const job of result.value.jobs) upsert(job)
    })
    return () => {
      isCurrent = false
    }
  }, [client, upsert])

  const listed = Object.values(jobs).sort((a, b) => b.startedAt - a.startedAt)
  return (
    <section className="exports-card" aria-label="Jobs" data-testid="export-jobs">
      {error !== undefined && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {listed.length === 0 ? (
        <p className="muted">No export or pack has run since Audit Desk started.</p>
      ) : (
        listed.map((job) => (
          <article key={job.id} className="export-job-entry">
            <h3 className="export-job-title">
              {job.label} <span className="muted">· started {formatUtc(job.startedAt)}</span>
            </h3>
            <JobStatus id={job.id} />
          </article>
        ))
      )}
    </section>
  )
}
