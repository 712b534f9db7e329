// The export and pack jobs this page knows of, kept current from the core's events: the dialog
// and the Exports view both follow a job by its id, whichever of the start answer, a progress
// event or the finished event arrives first.
import { useEffect } from 'react'
import { create } from 'zustand'
import type { EventPayload } from '../../../shared/contract'
import type { ExportJob } from '../../../shared/export-schemas'
import { useClient } from '../../client/ClientContext'

/** A running job's latest progress. */
export type JobProgress = EventPayload<'exports.progress'>

/** What the export views share. */
export interface ExportJobsState {
  jobs: Record<string, ExportJob>
  progress: Record<string, JobProgress>
  /** Bumped when a job ends, so the activity log reloads. */
  version: number
  /** Records a job as an answer or event states it; an ended job is never set back to running. */
  upsert: (job: ExportJob) => void
  setProgress: (progress: JobProgress) => void
}

/** Keeps the further-along of two states of one job. */
export function laterJob(current: ExportJob | undefined, next: ExportJob): ExportJob {
  if (current === undefined) return next
  if (current.state !== 'running') return current
  if (next.state !== 'running') return next
  return next.rowsWritten >= current.rowsWritten ? next : current
}

/** The export jobs store. */
export const useExportJobs = create<ExportJobsState>()((set) => ({
  jobs: {},
  progress: {},
  version: 0,
  upsert: (job) => {
    set((state) => ({
      jobs: { ...state.jobs, [job.id]: laterJob(state.jobs[job.id], job) },
      version: job.state === 'running' ? state.version : state.version + 1,
    }))
  },
  setProgress: (progress) => {
    set((state) => ({ progress: { ...state.progress, [progress.id]: progress } }))
  },
}))

/** Feeds the core's export events into the store while the calling view is shown. */
export function useExportEvents(): void {
  const client = useClient()
  const upsert = useExportJobs((state) => state.upsert)
  const setProgress = useExportJobs((state) => state.setProgress)
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.name === 'exports.progress') setProgress(event.payload)
        if (event.name === 'exports.finished') upsert(event.payload)
      }),
    [client, upsert, setProgress],
  )
}

/** A job as shown: its state with the newest rows written of its events. */
export function useJob(id: string | undefined): { job: ExportJob; phase: string } | undefined {
  const job = useExportJobs((state) => (id === undefined ? undefined : state.jobs[id]))
  const progress = useExportJobs((state) => (id === undefined ? undefined : state.progress[id]))
  if (job === undefined) return undefined
  if (progress === undefined || job.state !== 'running' || progress.rowsWritten < job.rowsWritten)
    return { job, phase: '' }
  return {
    job: { ...job, rowsWritten: progress.rowsWritten, totalRows: progress.totalRows },
    phase: progress.phase,
  }
}
