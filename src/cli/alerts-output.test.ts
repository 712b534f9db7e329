import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../test/helpers/temp-dir'
import type { Alert } from '../shared/alert-schemas'
import { alertLines, appendAlertsJsonl, jsonLine } from './alerts-output'

const connection = {
  id: 'con_1',
  organizationId: 'org_1',
  organizationName: 'Acme',
  baseUrl: 'http://127.0.0.1:1',
  addedAt: 0,
}

function alert(actor: string): Alert {
  return {
    id: 7,
    connectionId: 'con_1',
    ruleId: 'builtin.api-key-created',
    ruleName: 'New API key created',
    severity: 'high',
    isHistorical: false,
    raisedAt: Date.UTC(2026, 10, 26, 12),
    readAt: null,
    readBy: null,
    event: {
      id: 'evt_1',
      seq: 1,
      occurredAt: Date.UTC(2026, 10, 26, 11, 59, 58, 5),
      action: 'api_key.created',
      status: 'success',
      actorId: 'usr_1',
      actor,
      resourceType: 'api_key',
      resourceId: 'key_1',
      resourceName: 'Reporting',
      ip: '203.0.113.7',
      country: null,
    },
  }
}

describe('alerts as sync prints and appends them', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => {
    temp = makeTempDir()
  })
  afterEach(() => {
    temp.remove()
  })

  it('prints log values with terminal controls and bidi marks neutralised', () => {
    const text = alertLines([alert('ana\u001b[2J\u202e@acme.example')])
    expect(text).toContain('ana\uFFFD[2J\uFFFD@acme.example')
    expect(text).toContain('api_key:key_1 (Reporting)')
    expect(text).toContain('2026-11-26T11:59:58.005Z')
  })

  it('writes one line per alert, even when a value holds line separators', () => {
    const line = jsonLine({ actor: 'a\u2028b\u2029c\nd' })
    expect(line.split(/\r?\n|\u2028|\u2029/)).toEqual(['{"actor":"a\\u2028b\\u2029c\\nd"}', ''])
    expect(JSON.parse(line)).toEqual({ actor: 'a\u2028b\u2029c\nd' })
  })

  it('appends to an existing file and creates a missing one readable by its owner only', () => {
    const file = path.join(temp.dir, 'alerts.jsonl')
    appendAlertsJsonl(file, [alert('ana@acme.example')], connection)
    appendAlertsJsonl(file, [alert('bo@acme.example'), alert('cy@acme.example')], connection)
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n')
    expect(
      lines.map((line) => (JSON.parse(line) as { actor: { label: string } }).actor.label),
    ).toEqual(['ana@acme.example', 'bo@acme.example', 'cy@acme.example'])
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
  })

  it('names the file and the cause when it cannot append', () => {
    expect(() => {
      appendAlertsJsonl(temp.dir, [alert('ana@acme.example')], connection)
    }).toThrow(`could not append 1 alert to ${temp.dir} (EISDIR)`)
  })
})
