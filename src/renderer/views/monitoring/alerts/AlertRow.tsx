import type { Alert } from '../../../../shared/alert-schemas'
import { SafeText } from '../../../components/log/LogValue'
import '../../../components/log/log.css'
import { formatInstant } from '../../../components/log/time-format'
import type { TimeMode } from '../../../components/log/types'
import { useStoredChoice } from '../../log/use-stored-choice'
import { alertEventHash } from './alert-links'
import { SeverityBadge } from './Severity'

/** One alert: its rule and severity, read state, the event's fields (as text) and a link to it. */
export function AlertRow(props: { alert: Alert; onMark: (isRead: boolean) => void }) {
  const { alert, onMark } = props
  const { event } = alert
  // The log views' time mode (UTC or this computer's zone), always shown with its zone.
  const [timeMode] = useStoredChoice<TimeMode>('audit-desk.time-mode', 'utc', ['utc', 'local'])
  // History the first sync found was never raised: nothing to read.
  const isUnread = alert.readAt === null && !alert.isHistorical
  const resource =
    event.resourceType === null && event.resourceId === null
      ? null
      : `${event.resourceType ?? '?'}:${event.resourceId ?? '?'}`
  return (
    <li
      className={isUnread ? 'alert-row is-unread' : 'alert-row'}
      data-testid="alert-row"
      data-alert-id={alert.id}
      data-unread={isUnread}
    >
      <SeverityBadge severity={alert.severity} />
      <div className="alert-main">
        <div className="alert-title">
          {isUnread && (
            <span className="alert-unread-dot" aria-hidden="true">
              ●
            </span>
          )}
          <span className="alert-rule">{alert.ruleName}</span>
          {isUnread && <span className="sr-only">(unread)</span>}
          <time className="alert-time" dateTime={new Date(event.occurredAt).toISOString()}>
            {formatInstant(event.occurredAt, timeMode, { withZone: true })}
          </time>
        </div>
        <dl className="alert-event">
          <div>
            <dt>Action</dt>
            <dd>
              <SafeText value={event.action} maxLength={200} />{' '}
              {event.status === 'failure' && <span className="muted">(failed)</span>}
            </dd>
          </div>
          <div>
            <dt>Actor</dt>
            <dd>
              <SafeText value={event.actor} maxLength={200} />
            </dd>
          </div>
          <div>
            <dt>Resource</dt>
            <dd>
              <SafeText value={resource} maxLength={200} />
              {event.resourceName !== null && (
                <>
                  {' '}
                  (<SafeText value={event.resourceName} maxLength={200} />)
                </>
              )}
            </dd>
          </div>
          <div>
            <dt>IP</dt>
            <dd>
              <SafeText value={event.ip} maxLength={64} />
              {event.country !== null && <> · {event.country}</>}
            </dd>
          </div>
        </dl>
        {alert.readAt !== null && alert.readBy !== null && (
          <p className="alert-read-by muted">
            Read by <SafeText value={alert.readBy} maxLength={128} /> at{' '}
            {formatInstant(alert.readAt, timeMode, { withZone: true })}
          </p>
        )}
      </div>
      <div className="alert-actions">
        <a
          className="button primary"
          href={alertEventHash(alert.id)}
          onClick={() => {
            if (isUnread) onMark(true)
          }}
          data-testid="alert-open"
        >
          Open event
        </a>
        {!alert.isHistorical && (
          <button
            type="button"
            className="button"
            onClick={() => {
              onMark(isUnread)
            }}
            data-testid="alert-mark"
          >
            {isUnread ? 'Mark read' : 'Mark unread'}
          </button>
        )}
      </div>
    </li>
  )
}
