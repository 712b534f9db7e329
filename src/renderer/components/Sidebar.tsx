import { hashFor, views, type ViewId } from '../navigation'
import { useEffect } from 'react'
import { useClient } from '../client/ClientContext'
import { hashWithQuery } from '../navigation'
import { useConnectionsStore } from '../state/connections-store'
import { useViewsStore } from '../state/views-store'
import { AlertToast } from '../views/monitoring/alerts/AlertToast'
import { UnreadAlertsBadge } from '../views/monitoring/alerts/UnreadAlertsBadge'

/** The navigation between the views; the current one is marked for assistive technology too. */
export function Sidebar(props: { current: ViewId }) {
  return (
    <nav className="sidebar" aria-label="Views">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          AD
        </span>
        <span>Audit Desk</span>
      </div>
      <OrganizationPicker />
      <ul>
        {views.map((view) => (
          <li key={view.id}>
            <a
              href={hashFor(view.id)}
              data-testid={`nav-${view.id}`}
              aria-current={view.id === props.current ? 'page' : undefined}
            >
              {view.title}
              {view.id === 'monitoring' && <UnreadAlertsBadge />}
            </a>
          </li>
        ))}
      </ul>
      <SavedViews />
      <AlertToast />
    </nav>
  )
}

/** Chooses the active organization when several are connected. */
function OrganizationPicker() {
  const connections = useConnectionsStore((state) => state.connections)
  const activeId = useConnectionsStore((state) => state.activeId)
  const setActive = useConnectionsStore((state) => state.setActive)
  if (connections === undefined || connections.length === 0) return null
  return (
    <label className="organization-picker">
      <span>Organization</span>
      <select
        value={activeId ?? ''}
        onChange={(event) => {
          setActive(event.target.value)
        }}
        data-testid="organization-picker"
      >
        {connections.map((connection) => (
          <option key={connection.id} value={connection.id}>
            {connection.organizationName}
            {connection.isDemo ? ' (demo)' : ''}
          </option>
        ))}
      </select>
    </label>
  )
}

/** The saved views, each opening its log view with its filter. */
function SavedViews() {
  const client = useClient()
  const saved = useViewsStore((state) => state.views)
  const refresh = useViewsStore((state) => state.refresh)
  const remove = useViewsStore((state) => state.remove)
  useEffect(() => {
    void refresh(client)
  }, [client, refresh])
  if (saved.length === 0) return null
  return (
    <section className="saved-views" aria-labelledby="saved-views-heading">
      <h2 id="saved-views-heading">Saved views</h2>
      <ul>
        {saved.map((view) => (
          <li key={view.id}>
            <a
              href={hashWithQuery(
                view.stream === 'audit-events' ? 'audit-log' : 'api-requests',
                view.query,
              )}
              title={view.query}
              data-testid="saved-view"
            >
              {view.name}
            </a>
            <button
              type="button"
              className="icon-button"
              aria-label={`Delete the saved view ${view.name}`}
              onClick={() => void remove(client, view.id)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
