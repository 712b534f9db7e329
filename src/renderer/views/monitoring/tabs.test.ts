import { describe, expect, it } from 'vitest'
import { monitoringTabFromHash } from './tabs'

describe('the Monitoring tab in the location', () => {
  it('names a tab after the view, with or without a query, and falls back to the charts', () => {
    expect(monitoringTabFromHash('#/monitoring/findings')).toBe('findings')
    expect(monitoringTabFromHash('#/monitoring/alerts?q=x')).toBe('alerts')
    expect(monitoringTabFromHash('#/monitoring')).toBe('charts')
    expect(monitoringTabFromHash('#/monitoring/nope')).toBe('charts')
    expect(monitoringTabFromHash('')).toBe('charts')
  })
})
