import { create } from 'zustand'
import type { ConnectionSummary, CoreEvent, EventPayload } from '../../shared/contract'
import type { Stream } from '../../shared/filter'
import type { BoundaryError } from '../../shared/result'
import type { AuditDeskClient } from '../client/client'

type Progress = EventPayload<'sync.progress'>
type Finished = EventPayload<'sync.finished'>

const activeKey = 'audit-desk.active-connection'

/** The connected organizations, which one is active, and how their syncs are going. */
export interface ConnectionsState {
  connections: ConnectionSummary[] | undefined
  error: BoundaryError | undefined
  activeId: string | undefined
  /** The latest progress of each running sync, per connection and stream. */
  progress: Record<string, Partial<Record<Stream, Progress>>>
  /** How the last sync of each connection ended (this session). */
  finished: Record<string, Finished>
  /** Bumped when a sync ends, so open views reload what they show. */
  dataVersion: number
  refresh: (client: AuditDeskClient) => Promise<void>
  setActive: (id: string) => void
  /** Applies a pushed core event (progress, end of a sync). */
  handleEvent: (event: CoreEvent, client: AuditDeskClient) => void
}

function storedActive(): string | undefined {
  try {
    return window.localStorage.getItem(activeKey) ?? undefined
  } catch {
    return undefined
  }
}

/** The connections store. */
export const useConnectionsStore = create<ConnectionsState>()((set, get) => ({
  connections: undefined,
  error: undefined,
  activeId: storedActive(),
  progress: {},
  finished: {},
  dataVersion: 0,
  refresh: async (client) => {
    const result = await client.call('connections.list', {})
    if (!result.ok) {
      set({ error: result.error })
      return
    }
    const connections = result.value.connections
    const current = get().activeId
    const activeId = connections.some((connection) => connection.id === current)
      ? current
      : connections.at(-1)?.id
    set({ connections, error: undefined, activeId })
  },
  setActive: (id) => {
    try {
      window.localStorage.setItem(activeKey, id)
    } catch {
      // A browser without storage still switches; it just forgets the choice on reload.
    }
    set({ activeId: id })
  },
  handleEvent: (event, client) => {
    if (event.name === 'sync.progress') {
      const { connectionId, stream } = event.payload
      set((state) => ({
        progress: {
          ...state.progress,
          [connectionId]: { ...state.progress[connectionId], [stream]: event.payload },
        },
      }))
      return
    }
    // Other events (alerts, findings) are for their own views.
    if (event.name !== 'sync.finished') return
    const { connectionId } = event.payload
    set((state) => {
      const progress = Object.fromEntries(
        Object.entries(state.progress).filter(([id]) => id !== connectionId),
      )
      return {
        progress,
        finished: { ...state.finished, [connectionId]: event.payload },
        dataVersion: state.dataVersion + 1,
      }
    })
    void get().refresh(client)
  },
}))

/** The active connection's summary, if any. */
export const useActiveConnection = (): ConnectionSummary | undefined =>
  useConnectionsStore((state) =>
    state.connections?.find((connection) => connection.id === state.activeId),
  )
