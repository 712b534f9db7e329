// The Monitoring view's tabs, named by the location hash after the view (`#/monitoring/alerts`).
import { useSyncExternalStore } from 'react'

/** The tabs in order; the first is shown when the location names none. */
export const monitoringTabs = [
  { id: 'charts', title: 'Charts' },
  { id: 'findings', title: 'Findings' },
  { id: 'alerts', title: 'Alerts' },
] as const

/** A tab id. */
export type MonitoringTab = (typeof monitoringTabs)[number]['id']

/** The tab a location hash names: `#/monitoring/findings?…` is findings; anything else charts. */
export function monitoringTabFromHash(hash: string): MonitoringTab {
  const name = hash.replace(/^#\/?/, '').split('?')[0]?.split('/')[1]
  return monitoringTabs.find((tab) => tab.id === name)?.id ?? 'charts'
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange)
  return () => {
    window.removeEventListener('hashchange', onChange)
  }
}

/** The current tab, following the location hash. */
export function useMonitoringTab(): MonitoringTab {
  return useSyncExternalStore(subscribe, () => monitoringTabFromHash(window.location.hash))
}
