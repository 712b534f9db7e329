import { create } from 'zustand'
import type { SavedView } from '../../shared/contract'
import type { Stream } from '../../shared/filter'
import type { BoundaryError } from '../../shared/result'
import type { AuditDeskClient } from '../client/client'

/** The saved views listed in the sidebar. */
export interface ViewsState {
  views: SavedView[]
  refresh: (client: AuditDeskClient) => Promise<void>
  /** Saves the query under a name; resolves with the error to show, if any. */
  save: (
    client: AuditDeskClient,
    view: { stream: Stream; name: string; query: string },
  ) => Promise<BoundaryError | undefined>
  remove: (client: AuditDeskClient, id: number) => Promise<void>
}

/** The saved views store. */
export const useViewsStore = create<ViewsState>()((set, get) => ({
  views: [],
  refresh: async (client) => {
    const result = await client.call('views.list', {})
    if (result.ok) set({ views: result.value.views })
  },
  save: async (client, view) => {
    const result = await client.call('views.save', view)
    if (!result.ok) return result.error
    await get().refresh(client)
    return undefined
  },
  remove: async (client, id) => {
    await client.call('views.delete', { id })
    await get().refresh(client)
  },
}))
