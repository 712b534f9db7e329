import { hashFor, views, type ViewId } from '../navigation'

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
