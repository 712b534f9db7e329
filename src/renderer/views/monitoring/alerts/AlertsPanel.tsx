import { useState } from 'react'
import { AlertInbox } from './AlertInbox'
import { RuleList } from './RuleList'
import './alerts.css'

type Part = 'inbox' | 'rules'

/**
 * The Alerts tab of Monitoring: the inbox of alerts the rules raised on synced events, and the
 * rules themselves (built in and the reviewers' own).
 */
export function AlertsPanel(props: { connectionId: string }) {
  const [part, setPart] = useState<Part>('inbox')
  return (
    <div className="alerts-panel" data-testid="alerts-panel">
      <div className="alerts-switch" role="group" aria-label="Alerts">
        {(
          [
            ['inbox', 'Inbox'],
            ['rules', 'Rules'],
          ] as const
        ).map(([id, title]) => (
          <button
            key={id}
            type="button"
            className={id === part ? 'alerts-switch-button is-current' : 'alerts-switch-button'}
            aria-pressed={id === part}
            onClick={() => {
              setPart(id)
            }}
            data-testid={`alerts-show-${id}`}
          >
            {title}
          </button>
        ))}
      </div>
      {part === 'inbox' ? <AlertInbox connectionId={props.connectionId} /> : <RuleList />}
    </div>
  )
}
