import { hashFor, views, type ViewId } from '../navigation'
import { useConnectionsStore } from '../state/connections-store'

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
            </a>
          </li>
        ))}
      </ul>
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
