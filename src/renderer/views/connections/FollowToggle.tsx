import { useEffect, useId, useState } from 'react'
import type { ConnectionSummary } from '../../../shared/contract'
import { useClient } from '../../client/ClientContext'
import { formatUtc } from '../../format'
import { useConnectionsStore } from '../../state/connections-store'
import '../coverage/coverage.css'

const intervals = [
  { seconds: 30, label: '30 seconds', option: '30 seconds' },
  { seconds: 60, label: 'minute', option: '1 minute' },
  { seconds: 300, label: '5 minutes', option: '5 minutes' },
  { seconds: 900, label: '15 minutes', option: '15 minutes' },
  { seconds: 3600, label: 'hour', option: '1 hour' },
] as const

/** How long after the planned start the list is read again, to show the followed sync running. */
const refreshDelayMs = 500

/**
 * Follow mode: "Keep syncing every minute". The core syncs again an interval after each sync
 * ends, until this is turned off, a sync fails or is cancelled, or the app closes.
 */
export function FollowToggle(props: { connection: ConnectionSummary }) {
  const { connection } = props
  const client = useClient()
  const refresh = useConnectionsStore((state) => state.refresh)
  const [error, setError] = useState<string | undefined>()
  const [isSaving, setSaving] = useState(false)
  const selectId = useId()
  const follow = connection.follow
  const [intervalSeconds, setIntervalSeconds] = useState(follow?.intervalSeconds ?? 60)
  const nextSyncAt = follow?.nextSyncAt ?? null

  // The core starts the followed sync on its own: read the list again then, so the card shows it.
  useEffect(() => {
    if (nextSyncAt === null) return
    const timer = setTimeout(
      () => void refresh(client),
      Math.max(0, nextSyncAt - Date.now()) + refreshDelayMs,
    )
    return () => {
      clearTimeout(timer)
    }
  }, [client, refresh, nextSyncAt])

  const save = async (isOn: boolean, seconds: number) => {
    setSaving(true)
    setError(undefined)
    const result = await client.call('sync.follow', {
      connectionId: connection.id,
      isOn,
      intervalSeconds: seconds,
    })
    if (!result.ok) setError(result.error.message)
    await refresh(client)
    setSaving(false)
  }

  const label = intervals.find((interval) => interval.seconds === intervalSeconds)?.label
  return (
    <div className="follow-toggle">
      <label>
        <input
          type="checkbox"
          checked={follow !== null}
          disabled={isSaving || (!connection.canSync && follow === null)}
          onChange={(event) => void save(event.target.checked, intervalSeconds)}
          data-testid="follow-toggle"
        />{' '}
        Keep syncing every {label ?? `${String(intervalSeconds)} seconds`}
      </label>
      <label className="muted" htmlFor={selectId}>
        Interval
      </label>
      <select
        id={selectId}
        value={intervalSeconds}
        disabled={isSaving}
        onChange={(event) => {
          const seconds = Number(event.target.value)
          setIntervalSeconds(seconds)
          if (follow !== null) void save(true, seconds)
        }}
        data-testid="follow-interval"
      >
        {intervals.map((interval) => (
          <option key={interval.seconds} value={interval.seconds}>
            {interval.option}
          </option>
        ))}
      </select>
      {follow !== null && (
        <span className="muted" data-testid="follow-status">
          {follow.nextSyncAt === null
            ? 'Following: syncing now, again after it ends.'
            : `Following: next sync at ${formatUtc(follow.nextSyncAt)}.`}
        </span>
      )}
      {error !== undefined && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </div>
  )
}
