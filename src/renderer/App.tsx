import { useEffect } from 'react'
import { useClient } from './client/ClientContext'
import { CacheBanner } from './components/CacheBanner'
import { Sidebar } from './components/Sidebar'
import { StatusBar } from './components/StatusBar'
import { runCommand, useCommandStore } from './menu-commands'
import { useCurrentView, views, type ViewId } from './navigation'
import { useAppStore } from './state/app-store'
import { useConnectionsStore } from './state/connections-store'
import { ApiRequestsView } from './views/ApiRequestsView'
import { AuditLogView } from './views/AuditLogView'
import { ConnectionsView } from './views/ConnectionsView'
import { ExportsView } from './views/ExportsView'
import { MonitoringView } from './views/MonitoringView'
import { SettingsView } from './views/SettingsView'

const viewComponents: Record<ViewId, () => React.JSX.Element> = {
  'audit-log': AuditLogView,
  'api-requests': ApiRequestsView,
  monitoring: MonitoringView,
  exports: ExportsView,
  connections: ConnectionsView,
  settings: SettingsView,
}

/** The app frame: navigation, the current view, the cache banner and the status bar. */
export function App() {
  const client = useClient()
  const current = useCurrentView()
  const refreshInfo = useAppStore((state) => state.refreshInfo)
  const setLiveStatus = useAppStore((state) => state.setLiveStatus)
  const refreshConnections = useConnectionsStore((state) => state.refresh)
  const handleEvent = useConnectionsStore((state) => state.handleEvent)

  useEffect(() => {
    void refreshInfo(client)
    void refreshConnections(client)
    return client.subscribe((event) => {
      handleEvent(event, client)
      // The cache grew: the status bar's size follows.
      if (event.name === 'sync.finished') void refreshInfo(client)
      // The desktop menu: open a view, or a form in it.
      if (event.name === 'app.command') runCommand(event.payload, window.location, Date.now())
    }, setLiveStatus)
  }, [client, refreshInfo, refreshConnections, handleEvent, setLiveStatus])

  useEffect(() => {
    useCommandStore.getState().dropUnlessFor(current)
  }, [current])

  const View = viewComponents[current]
  const title = views.find((view) => view.id === current)?.title ?? ''
  useEffect(() => {
    document.title = `${title} · Audit Desk`
  }, [title])

  return (
    <div className="frame">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar current={current} />
      <div className="content">
        <CacheBanner />
        <main id="main" tabIndex={-1} data-testid={`view-${current}`}>
          <h1>{title}</h1>
          <View />
        </main>
        <StatusBar />
      </div>
    </div>
  )
}
