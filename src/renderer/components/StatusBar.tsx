import { formatBytes } from '../format'
import { useAppStore } from '../state/app-store'

const liveLabels = { connecting: 'connecting…', open: 'connected', closed: 'disconnected' } as const

/** The frame's bottom line: cache state and size, live-update connection, version. */
export function StatusBar() {
  const info = useAppStore((state) => state.info)
  const liveStatus = useAppStore((state) => state.liveStatus)
  const database = info?.database
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span data-testid="cache-status">
        {database === undefined && 'Cache: checking…'}
        {database?.state === 'ready' &&
          `Cache: ready · ${formatBytes(database.sizeBytes)} · schema ${database.schemaVersion}`}
        {database?.state === 'unavailable' && `Cache: unavailable (${database.code})`}
      </span>
      <span className={`live live-${liveStatus}`} data-testid="live-status">
        Live updates: {liveLabels[liveStatus]}
      </span>
      <span className="status-spacer" />
      {info !== undefined && (
        <span>
          {info.name} {info.version} · {info.host === 'browser' ? 'browser mode' : info.host}
        </span>
      )}
    </footer>
  )
}
