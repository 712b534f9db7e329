import { describe, expect, it } from 'vitest'
import { checkAuditPeriod, checkRetentionDays, checkReviewerName } from './settings-input'

describe('what Settings accepts', () => {
  it('takes a trimmed reviewer name of visible characters, up to 128', () => {
    expect(checkReviewerName('  Ana Ruiz ')).toEqual({ ok: true, value: 'Ana Ruiz' })
    expect(checkReviewerName('😀'.repeat(128))).toMatchObject({ ok: true })
    for (const bad of ['', '   ', 'Ana\u0007', 'A\u200bna', 'x'.repeat(129)]) {
      expect(checkReviewerName(bad).ok).toBe(false)
    }
  })

  it('takes whole days from 1 to 36,500 and nothing else', () => {
    expect(checkRetentionDays(' 90 ')).toEqual({ ok: true, value: 90 })
    expect(checkRetentionDays('36500')).toEqual({ ok: true, value: 36_500 })
    for (const bad of ['', '0', '-3', '1.5', '1e3', '36501', 'ninety', '0x10']) {
      expect(checkRetentionDays(bad)).toMatchObject({ ok: false, message: /whole number/ })
    }
  })

  it('takes an audit period of two days in order, one day included', () => {
    expect(checkAuditPeriod('2026-07-01', '2026-09-30')).toEqual({
      ok: true,
      value: { from: '2026-07-01', to: '2026-09-30' },
    })
    expect(checkAuditPeriod('2026-07-01', '2026-07-01').ok).toBe(true)
    expect(checkAuditPeriod('2026-09-30', '2026-07-01')).toMatchObject({
      ok: false,
      message: /on or after/,
    })
    expect(checkAuditPeriod('', '2026-07-01')).toMatchObject({ ok: false, message: /Choose/ })
  })
})
