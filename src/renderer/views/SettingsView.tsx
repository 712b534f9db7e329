import { formatBytes, formatUtc } from '../format'
import { useAppStore } from '../state/app-store'

/** This installation: version, where the cache lives and its state, appearance. */
export function SettingsView() {
  const info = useAppStore((state) => state.info)
  if (info === undefined) return <p className="muted">Reading this installation&apos;s settings…</p>
  const database = info.database
  return (
    <section className="settings" data-testid="settings">
      <h2>This installation</h2>
      <dl className="facts">
        <dt>Version</dt>
        <dd data-testid="settings-version">
          {info.name} {info.version}
        </dd>
        <dt>Running as</dt>
        <dd>{info.host === 'browser' ? 'Browser mode (served on 127.0.0.1)' : 'Desktop app'}</dd>
        <dt>Data directory</dt>
        <dd>
          <code className="path" data-testid="settings-data-directory">
            {info.dataDirectory}
          </code>
        </dd>
        <dt>Cache file</dt>
        <dd>
          <code className="path">{database.path}</code>
        </dd>
        <dt>Cache state</dt>
        <dd data-testid="settings-cache-state">
          {database.state === 'ready'
            ? `Ready: ${formatBytes(database.sizeBytes)} on disk, schema version ${database.schemaVersion}, created ${formatUtc(database.createdAt)}`
            : `Unavailable: ${database.message}`}
        </dd>
      </dl>
      <h2>Appearance</h2>
      <p>
        Audit Desk follows your system&apos;s light or dark appearance. Times are shown in UTC and
        labelled with their zone.
      </p>
    </section>
  )
}
