import { create } from 'zustand'
import type { AppInfo } from '../../shared/contract'
import type { BoundaryError } from '../../shared/result'
import type { AuditDeskClient, LiveStatus } from '../client/client'

/** What the frame knows about the running app. */
export interface AppState {
  info: AppInfo | undefined
  infoError: BoundaryError | undefined
  liveStatus: LiveStatus
  /** Asks the core for app.info again (on start and when the user retries). */
  refreshInfo: (client: AuditDeskClient) => Promise<void>
  setLiveStatus: (status: LiveStatus) => void
}

/** The app frame's store. */
export const useAppStore = create<AppState>()((set) => ({
  info: undefined,
  infoError: undefined,
  liveStatus: 'connecting',
  refreshInfo: async (client) => {
    const result = await client.call('app.info', {})
    if (result.ok) set({ info: result.value, infoError: undefined })
    else set({ infoError: result.error })
  },
  setLiveStatus: (liveStatus) => {
    set({ liveStatus })
  },
}))
