import { useEffect, useState } from 'react'
import type { Settings } from '../../shared/sync-status-schemas'
import { useClient } from '../client/ClientContext'
import { formatBytes, formatUtc } from '../format'
import { useAppStore } from '../state/app-store'
import { AuditPeriodSetting } from './settings/AuditPeriodSetting'
import { CountryDatabaseSetting } from './settings/CountryDatabaseSetting'
import { RetentionSetting } from './settings/RetentionSetting'
import { ReviewerSetting } from './settings/ReviewerSetting'
import { TimeZoneSetting } from './settings/TimeZoneSetting'
import './settings/settings.css'

/** This installation: the reviewer's name, time zone, local retention, where the data lives. */
export function SettingsView() {
  const info = useAppStore((state) => state.info)
  const client = useClient()
  const [settings, setSettings] = useState<Settings | undefined>()
  const [error, setError] = useState<string | undefined>()

  useEffect(() => {
    let isCurrent = true
    void client.call('settings.get', {}).then((result) => {
      if (!isCurrent) return
      if (result.ok) setSettings(result.value)
      else setError(result.error.message)
    })
    return () => {
      isCurrent = false
    }
  }, [client])

  if (info === undefined) return <p className="muted">Reading this installation&apos;s settings…</p>
  const database = info.database
  return (
    <section className="settings" data-testid="settings">
      <h2>Reviewer</h2>
      {settings === undefined ? (
        <SettingsState error={error} />
      ) : (
        <ReviewerSetting settings={settings} onSaved={setSettings} />
      )}
      <h2>Time zone</h2>
      <TimeZoneSetting />
      <h2>Audit period</h2>
      {settings === undefined ? (
        <SettingsState error={error} />
      ) : (
        <AuditPeriodSetting settings={settings} onSaved={setSettings} />
      )}
      <h2>Local retention</h2>
      {settings === undefined ? (
        <SettingsState error={error} />
      ) : (
        <RetentionSetting settings={settings} onSaved={setSettings} />
      )}
      <h2>Country database</h2>
      <CountryDatabaseSetting />
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
        <dt>Space used</dt>
        <dd data-testid="settings-data-size">
          {settings?.storage === undefined
            ? '…'
            : `${formatBytes(settings.storage.bytes)}${settings.storage.isPartial ? ' or more' : ''} in the data directory`}
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
      <p>Audit Desk follows your system&apos;s light or dark appearance.</p>
    </section>
  )
}

function SettingsState(props: { error: string | undefined }) {
  return props.error === undefined ? (
    <p className="muted">Reading the settings…</p>
  ) : (
    <p className="form-error" role="alert">
      {props.error}
    </p>
  )
}
