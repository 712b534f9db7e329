import { useEffect } from 'react'
import { createPortal } from 'react-dom'
import type { Alert } from '../../../../shared/alert-schemas'
import { useClient } from '../../../client/ClientContext'
import { SafeText } from '../../../components/log/LogValue'
import '../../../components/log/log.css'
import { formatCount } from '../../../format'
import { alertInboxHash } from './alert-links'
import { useAlertsStore } from './alerts-store'
import { highestSeverity, SeverityBadge } from './Severity'
import './alerts.css'

/** How long an announcement stays unless dismissed. */
const visibleMs = 30_000

/**
 * Listens for `alerts.raised` and announces each sync's new alerts in a corner of the window
 * (a polite live region, so screen readers hear it too), whatever view is open.
 */
export function AlertToast() {
  const client = useClient()
  const raised = useAlertsStore((state) => state.raised)
  const refreshUnread = useAlertsStore((state) => state.refreshUnread)
  const toast = useAlertsStore((state) => state.toast)
  const dismiss = useAlertsStore((state) => state.dismissToast)

  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.name === 'alerts.raised') {
          raised(event.payload)
          void refreshUnread(client, event.payload.connectionId)
        }
      }),
    [client, raised, refreshUnread],
  )
  const serial = toast?.serial
  useEffect(() => {
    if (serial === undefined) return
    const timer = setTimeout(dismiss, visibleMs)
    return () => {
      clearTimeout(timer)
    }
  }, [serial, dismiss])

  const announcement = toast?.raised
  // Outside the sidebar it is mounted from: a notice of the whole window, not a navigation item.
  return createPortal(
    <div className="alert-toast-region" role="status" aria-live="polite">
      {announcement !== undefined && (
        <div className="alert-toast" data-testid="alert-toast">
          <div className="alert-toast-head">
            <SeverityBadge
              severity={highestSeverity(announcement.newest.map((alert) => alert.severity))}
            />
            <strong>
              {formatCount(announcement.count)} new {announcement.count === 1 ? 'alert' : 'alerts'}
            </strong>
            <span className="muted">
              <SafeText value={announcement.organizationName} maxLength={60} />
            </span>
            <button
              type="button"
              className="icon-button"
              aria-label="Dismiss the alert notice"
              onClick={dismiss}
            >
              ×
            </button>
          </div>
          <ul>
            {bySeverity(announcement.newest)
              .slice(0, 3)
              .map((alert) => (
                <li key={alert.id}>
                  <span className="alert-toast-rule">{alert.ruleName}</span>:{' '}
                  <SafeText value={alert.event.action} maxLength={80} /> by{' '}
                  <SafeText value={alert.event.actor} maxLength={80} />
                </li>
              ))}
          </ul>
          <a href={alertInboxHash} onClick={dismiss} data-testid="alert-toast-open">
            Open the alert inbox
          </a>
        </div>
      )}
    </div>,
    document.body,
  )
}

const rank = { high: 0, medium: 1, low: 2 } as const

/** The most severe first, then as the sync raised them (newest first). */
const bySeverity = (alerts: readonly Alert[]): Alert[] =>
  [...alerts].sort((a, b) => rank[a.severity] - rank[b.severity])
