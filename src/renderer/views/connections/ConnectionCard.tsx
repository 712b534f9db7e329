import { useCallback, useEffect, useState } from 'react'
import type { ConnectionSummary, SyncRun } from '../../../shared/contract'
import { useClient } from '../../client/ClientContext'
import { formatCount, formatDuration, formatUtc } from '../../format'
import { useCommandRequest } from '../../menu-commands'
import { useConnectionsStore } from '../../state/connections-store'
import { CoverageSection } from '../coverage/CoverageSection'
import { FollowToggle } from './FollowToggle'

const streamTitles = { 'audit-events': 'Audit log', 'request-logs': 'API requests' } as const

/** One connected organization: its streams, its sync controls and progress, its run history. */
export function ConnectionCard(props: { connection: ConnectionSummary }) {
  const { connection } = props
  const client = useClient()
  const progress = useConnectionsStore((state) => state.progress[connection.id])
  const finished = useConnectionsStore((state) => state.finished[connection.id])
  const dataVersion = useConnectionsStore((state) => state.dataVersion)
  const refresh = useConnectionsStore((state) => state.refresh)
  const [runs, setRuns] = useState<SyncRun[]>([])
  const [error, setError] = useState<string | undefined>()

  const [runsVersion, setRunsVersion] = useState(0)

  useEffect(() => {
    let isCurrent = true
    void client.call('sync.runs', { connectionId: connection.id, limit: 20 }).then((result) => {
      if (isCurrent && result.ok) setRuns(result.value.runs)
    })
    return () => {
      isCurrent = false
    }
  }, [client, connection.id, dataVersion, connection.isSyncing, runsVersion])

  const act = useCallback(
    async (method: 'sync.start' | 'sync.cancel') => {
      setError(undefined)
      const result = await client.call(method, { connectionId: connection.id })
      if (!result.ok) setError(result.error.message)
      await refresh(client)
      setRunsVersion((version) => version + 1)
    },
    [client, connection.id, refresh],
  )

  // File › Sync now syncs the active organization; one that cannot sync already says why.
  const isActive = useConnectionsStore((state) => state.activeId === connection.id)
  const { isSyncing, canSync } = connection
  const syncFromMenu = useCallback(() => {
    if (canSync && !isSyncing) void act('sync.start')
  }, [act, canSync, isSyncing])
  useCommandRequest('syncNow', isActive, syncFromMenu)

  const lastSuccess = Math.max(
    ...connection.streams.map((stream) => stream.lastSuccessAt ?? Number.NEGATIVE_INFINITY),
  )
  return (
    <article className="connection-card" data-testid="connection-card">
      <header>
        <h2>
          {connection.organizationName}
          {connection.isDemo && <span className="tag">demo</span>}
        </h2>
        <span className="muted">{connection.baseUrl}</span>
      </header>
      <dl className="stream-figures">
        {connection.streams.map((stream) => (
          <div key={stream.stream}>
            <dt>{streamTitles[stream.stream]}</dt>
            <dd data-testid={`count-${stream.stream}`}>{formatCount(stream.events)} events</dd>
          </div>
        ))}
        <div>
          <dt>Last successful sync</dt>
          <dd>{Number.isFinite(lastSuccess) ? formatUtc(lastSuccess) : 'never'}</dd>
        </div>
      </dl>
      <div className="sync-controls">
        {connection.isSyncing ? (
          <button
            type="button"
            className="button"
            onClick={() => void act('sync.cancel')}
            data-testid="sync-cancel"
          >
            Cancel sync
          </button>
        ) : (
          <button
            type="button"
            className="button primary"
            disabled={!connection.canSync}
            onClick={() => void act('sync.start')}
            data-testid="sync-start"
          >
            Sync now
          </button>
        )}
        {!connection.canSync && (
          <span className="muted">
            {connection.isDemo || connection.baseUrl.startsWith('http://127.0.0.1')
              ? 'This demo organization is no longer running; its cached events stay.'
              : 'No key in this session: connect again to sync.'}
          </span>
        )}
        <FollowToggle connection={connection} />
      </div>
      {connection.isSyncing && <SyncProgress progress={progress} />}
      {finished !== undefined && !connection.isSyncing && (
        <p
          className={finished.outcome === 'complete' ? 'form-notice' : 'form-error'}
          role="status"
          data-testid="sync-outcome"
        >
          Last sync {finished.outcome}: {formatCount(finished.newEvents)} new events
          {finished.error !== null ? `. ${finished.error.message}` : '.'}
        </p>
      )}
      {error !== undefined && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <CoverageSection connection={connection} />
      <RunHistory runs={runs} />
    </article>
  )
}

function SyncProgress(props: { progress: ConnectionsProgress | undefined }) {
  const streams = Object.values(props.progress ?? {})
  if (streams.length === 0) return <p className="muted">Starting the sync…</p>
  return (
    <div className="sync-progress" data-testid="sync-progress">
      {streams.map((stream) => {
        const remaining = stream.estimatedRemainingMs
        return (
          <div key={stream.stream} className="sync-progress-row">
            <span>{streamTitles[stream.stream]}</span>
            <progress
              aria-label={`${streamTitles[stream.stream]} sync progress`}
              {...(stream.fractionDone === null ? {} : { max: 1, value: stream.fractionDone })}
            />
            <span>
              {formatCount(stream.newEvents)} new ·{' '}
              {formatCount(Math.round(stream.eventsPerSecond))} events/s
              {remaining === null ? '' : ` · about ${formatDuration(remaining)} left`}
            </span>
          </div>
        )
      })}
    </div>
  )
}

type ConnectionsProgress = NonNullable<
  ReturnType<typeof useConnectionsStore.getState>['progress'][string]
>

function RunHistory(props: { runs: SyncRun[] }) {
  if (props.runs.length === 0) return null
  return (
    <table className="run-history" data-testid="run-history">
      <caption>Sync runs</caption>
      <thead>
        <tr>
          <th scope="col">Started (UTC)</th>
          <th scope="col">Stream</th>
          <th scope="col">Outcome</th>
          <th scope="col">Pages</th>
          <th scope="col">New</th>
          <th scope="col">Duplicates</th>
          <th scope="col">Conflicts</th>
          <th scope="col">Quarantined</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {props.runs.map((run) => (
          <tr key={run.id}>
            <td>{formatUtc(run.startedAt)}</td>
            <td>{streamTitles[run.stream]}</td>
            <td className={`outcome outcome-${run.outcome}`}>{run.outcome}</td>
            <td>{formatCount(run.pages)}</td>
            <td>{formatCount(run.newEvents)}</td>
            <td>{formatCount(run.duplicates)}</td>
            <td>{formatCount(run.conflicts)}</td>
            <td>{formatCount(run.quarantined)}</td>
            <td>{run.errorMessage ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
