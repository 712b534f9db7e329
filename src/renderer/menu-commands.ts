// The desktop menu's commands in the page (issue 8, item 3): `app.command` names a view to open
// or a form to open in it. The view changes through the location hash; the form is a request a
// view takes when it shows (the connect form, Sync now, the Export… dialog, the pack form).
import { useEffect } from 'react'
import { create } from 'zustand'
import type { AppCommand } from '../shared/app-command-schemas'
import { hashFor, viewFromHash, type ViewId } from './navigation'

/** What a command asks a view to do once it shows. */
export type RequestKind = 'connect' | 'syncNow' | 'export' | 'buildPack'

/** What a command does: the view to show, and what that view should then open or start. */
export type CommandPlan = { view: ViewId; request?: RequestKind }

/** A request waiting for its view, with when it was made. */
export type CommandRequest = { kind: RequestKind; view: ViewId; madeAt: number }

/** How long a request waits for its view to be able to take it (data still loading). */
export const requestLifetimeMs = 10_000

/**
 * The plan for a menu command while `current` shows: Export… exports from the log view on screen,
 * or else from the audit log; the other commands have their own view.
 */
export function planCommand(command: AppCommand, current: ViewId): CommandPlan {
  switch (command.command) {
    case 'navigate':
      return { view: command.view }
    case 'connect':
      return { view: 'connections', request: 'connect' }
    case 'syncNow':
      return { view: 'connections', request: 'syncNow' }
    case 'export':
      return {
        view: current === 'api-requests' ? 'api-requests' : 'audit-log',
        request: 'export',
      }
    case 'buildPack':
      return { view: 'exports', request: 'buildPack' }
  }
}

/** The pending request, if any. */
export interface CommandState {
  request: CommandRequest | undefined
  /** Leaves a request for a view (replacing any earlier one). */
  issue: (kind: RequestKind, view: ViewId, now: number) => void
  /** Takes the pending request of this kind if it is still fresh; true when the caller acts on it. */
  take: (kind: RequestKind, now: number) => boolean
  /** Drops a request meant for another view (the person went elsewhere). */
  dropUnlessFor: (view: ViewId) => void
}

/** The command store. */
export const useCommandStore = create<CommandState>()((set, get) => ({
  request: undefined,
  issue: (kind, view, now) => {
    set({ request: { kind, view, madeAt: now } })
  },
  take: (kind, now) => {
    const { request } = get()
    if (request?.kind !== kind) return false
    set({ request: undefined })
    return now - request.madeAt <= requestLifetimeMs
  },
  dropUnlessFor: (view) => {
    if (get().request !== undefined && get().request?.view !== view) set({ request: undefined })
  },
}))

/** Carries out a menu command in this page: leaves its request, then shows its view. */
export function runCommand(command: AppCommand, location: { hash: string }, now: number): void {
  const current = viewFromHash(location.hash)
  const plan = planCommand(command, current)
  if (plan.request === undefined) useCommandStore.setState({ request: undefined })
  else useCommandStore.getState().issue(plan.request, plan.view, now)
  // Staying on the view keeps its query in the hash.
  if (plan.view !== current) location.hash = hashFor(plan.view)
}

/** Runs `act` when a request of `kind` is pending and the view is ready to act on it. */
export function useCommandRequest(kind: RequestKind, isReady: boolean, act: () => void): void {
  const request = useCommandStore((state) => state.request)
  useEffect(() => {
    if (!isReady || request?.kind !== kind) return
    if (useCommandStore.getState().take(kind, Date.now())) act()
  }, [request, kind, isReady, act])
}
