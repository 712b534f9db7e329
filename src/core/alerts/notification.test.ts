import { describe, expect, it } from 'vitest'
import type { Alert, Severity } from '../../shared/alert-schemas'
import { alertNotification, plainText } from './notification'

let nextId = 1
function alert(ruleId: string, ruleName: string, severity: Severity): Alert {
  const id = nextId++
  return {
    id,
    connectionId: 'con_1',
    ruleId,
    ruleName,
    severity,
    isHistorical: false,
    raisedAt: 0,
    readAt: null,
    readBy: null,
    event: {
      id: `evt_${String(id)}`,
      seq: id,
      occurredAt: 0,
      action: 'api_key.created',
      status: 'success',
      actorId: 'usr_1',
      actor: '<b>mallory</b>@evil.example',
      resourceType: null,
      resourceId: null,
      resourceName: null,
      ip: null,
      country: null,
    },
  }
}

describe('the desktop notification of a sync’s alerts', () => {
  it('is one notification naming the rules by severity and count, never log values', () => {
    const note = alertNotification('Acme <Corp>\u202e', [
      alert('r-low', 'Billing changed', 'low'),
      alert('builtin.api-key-created', 'New API key created', 'high'),
      alert('builtin.api-key-created', 'New API key created', 'high'),
      alert('builtin.member-removed', 'Member removed', 'medium'),
    ])
    expect(note).toEqual({
      title: '4 new alerts · Acme Corp',
      body: 'New API key created (high, 2), Member removed (medium), Billing changed (low). Open Monitoring › Alerts.',
    })
    expect(JSON.stringify(note)).not.toContain('mallory')
  })

  it('counts the rules beyond four instead of listing them', () => {
    const many = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => alert(name, `Rule ${name}`, 'low'))
    const note = alertNotification('', many)
    expect(note.title).toBe('6 new alerts')
    expect(note.body).toMatch(/Rule d \(low\), and 2 more rules\. Open/)
    expect(alertNotification('Acme', [alert('x', 'One', 'high')]).title).toBe('1 new alert · Acme')
  })

  it('cuts long text and removes control, markup and invisible characters', () => {
    expect(plainText('a\u0000b<i>&c\u200bd', 80)).toBe('a b i c d')
    expect(plainText('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`)
  })
})
