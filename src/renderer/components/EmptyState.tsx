import type { ReactNode } from 'react'

/** An empty state: what will appear here, and how to get it there. */
export function EmptyState(props: {
  testId: string
  heading: string
  what: ReactNode
  how: ReactNode
  action?: { label: string; href: string }
}) {
  return (
    <section
      className="empty-state"
      data-testid={props.testId}
      aria-labelledby={`${props.testId}-heading`}
    >
      <h2 id={`${props.testId}-heading`}>{props.heading}</h2>
      <p className="empty-what">{props.what}</p>
      <div className="empty-how">{props.how}</div>
      {props.action !== undefined && (
        <a className="button primary" href={props.action.href}>
          {props.action.label}
        </a>
      )}
    </section>
  )
}
