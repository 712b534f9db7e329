import { describe, expect, it } from 'vitest'
import { defaultThresholds, thresholdFields } from '../../../../shared/detection-thresholds'
import {
  evidenceLinks,
  isListCut,
  thresholdTexts,
  unknownRulesText,
  windowText,
} from './finding-text'

describe('findings list text', () => {
  const id = 'fnd_0123456789abcdef01234567'

  it('links each stream with evidence to its log view, filtered to exactly the finding', () => {
    expect(
      evidenceLinks({ id, evidence: { auditEvents: 40, requestLogs: 0, isTruncated: false } }),
    ).toEqual([
      { href: `#/audit-log?q=finding%3A${id}`, label: '40 audit events', stream: 'audit-events' },
    ])
    const both = evidenceLinks({
      id,
      evidence: { auditEvents: 1, requestLogs: 12_000, isTruncated: true },
    })
    expect(both.map((link) => link.label)).toEqual([
      '1 audit event (the first 10,000)',
      '12,000 API requests (the first 10,000)',
    ])
    expect(both[1]?.href).toBe(`#/api-requests?q=finding%3A${id}`)
  })

  it('writes a window in UTC, with the second date only when it spans days', () => {
    const start = Date.UTC(2026, 10, 9, 15, 0, 4)
    expect(windowText(start, start + 30_000)).toBe('2026-11-09 15:00 UTC')
    expect(windowText(start, Date.UTC(2026, 10, 9, 17, 59))).toBe('2026-11-09 15:00 – 17:59 UTC')
    expect(windowText(start, Date.UTC(2026, 10, 10, 1, 2))).toBe(
      '2026-11-09 15:00 – 2026-11-10 01:02 UTC',
    )
  })

  it('names thresholds with the rule’s labels and units', () => {
    const rule = { fields: [...thresholdFields['failed-login-spike-user']] }
    expect(thresholdTexts(defaultThresholds('failed-login-spike-user'), rule)).toEqual([
      'Window 60 minutes',
      'Baseline 14 days before the window',
      'Multiplier of the baseline median 5×',
      'Minimum 10 failed sign-ins',
    ])
    expect(thresholdTexts({ other: 3 }, undefined)).toEqual(['other 3'])
  })

  it('says the list is cut only when findings it could show are missing, unknown rules aside', () => {
    expect(isListCut({ total: 3, findings: [1, 2, 3] })).toBe(false)
    expect(isListCut({ total: 5, findings: [1, 2, 3] })).toBe(true)
    expect(isListCut({ total: 5, findings: [1, 2, 3], unknownRuleCount: 2 })).toBe(false)
    expect(isListCut({ total: 6, findings: [1, 2, 3], unknownRuleCount: 2 })).toBe(true)
  })

  it('names how many findings a newer version stored and what to do', () => {
    expect(unknownRulesText(1)).toMatch(/^1 finding was stored by a newer version/)
    expect(unknownRulesText(1200)).toMatch(
      /^1,200 findings were stored .* Open the cache with that version/,
    )
  })
})
