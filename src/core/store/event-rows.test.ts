import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { auditEventSchema, requestLogSchema } from '../sync/event-schemas'
import { auditEventJson, requestLogJson } from '../sync/test-events'
import { openDatabase, type OpenDatabase } from './database'
import { prepareStreamTable } from './event-rows'
import { createSyncStore } from './sync-store'

describe('event rows', () => {
  let temp: ReturnType<typeof makeTempDir>
  let opened: OpenDatabase
  let connectionId: string
  beforeEach(() => {
    temp = makeTempDir()
    opened = openDatabase(temp.dir, 0)
    connectionId = createSyncStore(opened.db).ensureConnection(
      'http://127.0.0.1:1',
      'org',
      'Org',
      0,
    ).id
  })
  afterEach(() => {
    opened.close()
    temp.remove()
  })

  it('stores every typed column of an audit event in its place', () => {
    const json = auditEventJson(9, {
      actor: { type: 'api_key', id: 'key_1', name: 'CI', last4: '9f2c' },
      resource: { type: 'template', id: 'tpl_1', name: 'Invoice' },
      status: 'failure',
      failure_reason: 'quota',
    })
    prepareStreamTable(opened.db, 'audit-events').insert(
      connectionId,
      auditEventSchema.parse(json),
      JSON.stringify(json),
    )
    expect(opened.db.prepare('SELECT * FROM audit_events').get()).toEqual({
      row_id: 1,
      connection_id: connectionId,
      seq: 9,
      id: 'evt_000009',
      occurred_at: Date.parse(json.occurred_at as string),
      recorded_at: Date.parse(json.recorded_at as string),
      action: 'user.signed_in',
      category: 'authentication',
      actor_type: 'api_key',
      actor_id: 'key_1',
      actor_email: null,
      actor_name: 'CI',
      actor_last4: '9f2c',
      resource_type: 'template',
      resource_id: 'tpl_1',
      resource_name: 'Invoice',
      ip_address: '203.0.113.7',
      user_agent: 'Mozilla/5.0',
      status: 'failure',
      failure_reason: 'quota',
      raw: JSON.stringify(json),
    })
  })

  it('stores every typed column of a request log entry in its place', () => {
    const json = requestLogJson(4, { status_code: 503, error_code: 'upstream', duration_ms: 12.5 })
    prepareStreamTable(opened.db, 'request-logs').insert(
      connectionId,
      requestLogSchema.parse(json),
      JSON.stringify(json),
    )
    expect(opened.db.prepare('SELECT * FROM request_logs').get()).toEqual({
      row_id: 1,
      connection_id: connectionId,
      seq: 4,
      id: 'req_000004',
      occurred_at: Date.parse(json.occurred_at as string),
      recorded_at: Date.parse(json.recorded_at as string),
      method: 'POST',
      endpoint: '/v1/documents/generate',
      status_code: 503,
      duration_ms: 12.5,
      api_key_id: 'key_1',
      api_key_last4: '9f2c',
      api_key_name: 'CI pipeline',
      ip_address: '198.51.100.4',
      user_agent: 'acme-sdk/2.1',
      error_code: 'upstream',
      raw: JSON.stringify(json),
    })
  })
})
