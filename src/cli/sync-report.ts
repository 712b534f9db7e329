// Text the sync command prints: a one-line progress bar for terminals and a summary per stream.
import type { StreamSyncResult } from '../core/sync/engine'
import type { EventPayload } from '../shared/contract'

const number = (value: number) => value.toLocaleString('en-US')

/** Minutes and seconds, or hours and minutes, for a remaining-time estimate. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 3600) return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
  return `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')} min`
}

/** One progress line (no newline): stream, events, pages, rate, time remaining. */
export function progressLine(progress: EventPayload<'sync.progress'>): string {
  const remaining =
    progress.estimatedRemainingMs === null
      ? ''
      : `, about ${formatDuration(progress.estimatedRemainingMs)} left`
  return `${progress.stream}: ${number(progress.newEvents)} new events, ${number(progress.pages)} pages, ${number(Math.round(progress.eventsPerSecond))}/s${remaining}`
}

/** The summary line of one stream's run. */
export function summaryLine(stream: string, result: StreamSyncResult, elapsedMs: number): string {
  const parts = [
    `${number(result.newEvents)} new`,
    `${number(result.duplicates)} duplicates`,
    `${number(result.conflicts)} conflicts`,
    `${number(result.quarantined)} quarantined`,
    `${number(result.gaps)} gaps`,
  ]
  return `${stream}: ${result.outcome}, ${parts.join(', ')}, ${number(result.pages)} pages in ${(elapsedMs / 1000).toFixed(1)} s`
}
