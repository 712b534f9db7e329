// The renderer's alert state shared by the inbox, the sidebar badge and the toast: the unread
// count per connection, the latest `alerts.raised` announcement, and a version the inbox reloads
// on (bumped when alerts arrive or their read state changes).
import { create } from 'zustand'
import type { EventPayload } from '../../../../shared/contract'
import type { AuditDeskClient } from '../../../client/client'

/** A sync's announcement of the alerts it raised. */
export type AlertsRaised = EventPayload<'alerts.raised'>

/** What the alert views share. */
export interface AlertsState {
  unread: Record<string, number>
  /** The newest announcement not yet dismissed, with a serial so a repeat shows again. */
  toast: { serial: number; raised: AlertsRaised } | undefined
  version: number
  refreshUnread: (client: AuditDeskClient, connectionId: string) => Promise<void>
  setUnread: (connectionId: string, unread: number) => void
  raised: (announcement: AlertsRaised) => void
  dismissToast: () => void
  /** Something changed the inbox (marked read, a rule edited): views reload. */
  touch: () => void
}

/** The alerts store. */
export const useAlertsStore = create<AlertsState>()((set) => ({
  unread: {},
  toast: undefined,
  version: 0,
  refreshUnread: async (client, connectionId) => {
    const result = await client.call('alerts.summary', { connectionId })
    if (result.ok)
      set((state) => ({ unread: { ...state.unread, [connectionId]: result.value.unread } }))
  },
  setUnread: (connectionId, unread) => {
    set((state) => ({ unread: { ...state.unread, [connectionId]: unread } }))
  },
  raised: (announcement) => {
    set((state) => ({
      toast: { serial: (state.toast?.serial ?? 0) + 1, raised: announcement },
      version: state.version + 1,
      unread: {
        ...state.unread,
        [announcement.connectionId]:
          (state.unread[announcement.connectionId] ?? 0) + announcement.count,
      },
    }))
  },
  dismissToast: () => {
    set({ toast: undefined })
  },
  touch: () => {
    set((state) => ({ version: state.version + 1 }))
  },
}))
