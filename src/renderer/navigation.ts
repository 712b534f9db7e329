import { useSyncExternalStore } from 'react'

/** The views of the app frame, in navigation order. */
export const views = [
  { id: 'audit-log', title: 'Audit log' },
  { id: 'api-requests', title: 'API requests' },
  { id: 'monitoring', title: 'Monitoring' },
  { id: 'exports', title: 'Exports' },
  { id: 'connections', title: 'Connections' },
  { id: 'settings', title: 'Settings' },
] as const

/** A view id. */
export type ViewId = (typeof views)[number]['id']

/** The view a location hash names (`#/monitoring`); the audit log for anything else. */
export function viewFromHash(hash: string): ViewId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0]
  return views.find((view) => view.id === id)?.id ?? 'audit-log'
}

/** The hash that opens a view. */
export const hashFor = (view: ViewId): string => `#/${view}`

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange)
  return () => {
    window.removeEventListener('hashchange', onChange)
  }
}

/** The current view, following the location hash (so back and forward work). */
export function useCurrentView(): ViewId {
  return useSyncExternalStore(subscribe, () => viewFromHash(window.location.hash))
}

/** The query text a location hash carries (`#/audit-log?q=actor%3Aana`), or ''. */
export function queryFromHash(hash: string): string {
  const at = hash.indexOf('?')
  if (at < 0) return ''
  return new URLSearchParams(hash.slice(at + 1)).get('q') ?? ''
}

/**
 * The hash that opens a view with a query (so the filter lives in history: back, forward); a
 * `page` within the view (`monitoring` has `charts`) stays in it: `#/monitoring/charts?q=…`.
 */
export function hashWithQuery(view: ViewId, query: string, page?: string): string {
  const base = page === undefined ? hashFor(view) : `${hashFor(view)}/${encodeURIComponent(page)}`
  return query === '' ? base : `${base}?${new URLSearchParams({ q: query }).toString()}`
}

/** The current hash's query text, following back and forward. */
export function useHashQuery(): string {
  return useSyncExternalStore(subscribe, () => queryFromHash(window.location.hash))
}
