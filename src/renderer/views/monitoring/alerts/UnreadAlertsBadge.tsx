import { useEffect } from 'react'
import { useClient } from '../../../client/ClientContext'
import { formatCount } from '../../../format'
import { useConnectionsStore } from '../../../state/connections-store'
import { useAlertsStore } from './alerts-store'

/** The active organization's unread alerts, as a count beside the Monitoring link. */
export function UnreadAlertsBadge() {
  const client = useClient()
  const activeId = useConnectionsStore((state) => state.activeId)
  const unread = useAlertsStore((state) => (activeId === undefined ? 0 : state.unread[activeId]))
  const refreshUnread = useAlertsStore((state) => state.refreshUnread)
  useEffect(() => {
    if (activeId !== undefined) void refreshUnread(client, activeId)
  }, [client, activeId, refreshUnread])
  if (unread === undefined || unread === 0) return null
  const label = `${formatCount(unread)} unread ${unread === 1 ? 'alert' : 'alerts'}`
  return (
    <span className="nav-badge" data-testid="unread-alerts" title={label}>
      <span aria-hidden="true">{unread > 99 ? '99+' : String(unread)}</span>
      <span className="sr-only">{label}</span>
    </span>
  )
}
