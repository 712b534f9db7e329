import { describe, expect, it } from 'vitest'
import { formatQuery, parseQuery } from '../../../shared/query-language'
import { auditPeriodRange } from './audit-period'

describe('the audit period as a range', () => {
  it('runs from 00:00 UTC on the first day to the end of the last, and round-trips the query bar', () => {
    const range = auditPeriodRange({ from: '2026-07-01', to: '2026-09-30' })
    expect(new Date(range.from).toISOString()).toBe('2026-07-01T00:00:00.000Z')
    expect(new Date(range.to).toISOString()).toBe('2026-10-01T00:00:00.000Z')
    const query = formatQuery({ action: 'user.signed_in', ...range })
    expect(parseQuery(query, 'audit-events').filter).toEqual({ action: 'user.signed_in', ...range })
  })

  it('covers exactly one day when the first and last day are the same', () => {
    const range = auditPeriodRange({ from: '2024-02-29', to: '2024-02-29' })
    expect(range.to - range.from).toBe(86_400_000)
  })
})
