import { describe, expect, it } from 'vitest'
import { planDayRepair } from './repair'

describe('the re-sync window of a day', () => {
  it('starts at the day’s start and ends 48 hours later, when its last event is recorded at most', () => {
    expect(planDayRepair('audit-events', '2026-11-20')).toEqual({
      stream: 'audit-events',
      day: '2026-11-20',
      since: Date.UTC(2026, 10, 20),
      until: Date.UTC(2026, 10, 22),
    })
  })

  it('refuses a malformed day', () => {
    expect(planDayRepair('request-logs', '2026-11-31')).toBeUndefined()
  })
})
