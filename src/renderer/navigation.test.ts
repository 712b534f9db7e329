import { describe, expect, it } from 'vitest'
import { hashFor, hashWithQuery, queryFromHash, viewFromHash, views } from './navigation'

describe('navigation', () => {
  it('round-trips every view through its hash', () => {
    for (const view of views) expect(viewFromHash(hashFor(view.id))).toBe(view.id)
  })

  it('opens the audit log for an empty, unknown or hostile hash', () => {
    expect(viewFromHash('')).toBe('audit-log')
    expect(viewFromHash('#/nope')).toBe('audit-log')
    expect(viewFromHash('#/<img src=x onerror=alert(1)>')).toBe('audit-log')
    expect(viewFromHash('#/settings?x=1')).toBe('settings')
  })

  it('round-trips a query through the hash, whatever it contains', () => {
    for (const query of ['', 'actor:ana@ -status:success', '"a & b" #x ?y=1 %20 é 🧨']) {
      const hash = hashWithQuery('audit-log', query)
      expect(viewFromHash(hash)).toBe('audit-log')
      expect(queryFromHash(hash)).toBe(query)
    }
    expect(queryFromHash('#/audit-log')).toBe('')
  })
})
