import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parsePage, type StreamName } from '../sync/page-parser'
import { auditEventJson, pageBytes, requestLogJson } from '../sync/test-events'
import { createEventQuery } from '../query/event-query'
import { openDatabaseFile, type OpenDatabase } from './database'
import { indexPendingAuditEvents } from './fulltext'
import { createSyncStore, type SyncStore } from './sync-store'

let dir: string
let opened: OpenDatabase
let store: SyncStore
let connectionId: string
let runId: number

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-desk-store-'))
  opened = openDatabaseFile(path.join(dir, 'cache.sqlite'), 0)
  store = createSyncStore(opened.db)
  connectionId = store.ensureConnection('http://127.0.0.1:1', 'org_1', 'Acme', 0).id
  runId = store.startRun(connectionId, 'audit-events', 0)
})

afterEach(() => {
  opened.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

function apply(stream: StreamName, events: Record<string, unknown>[], isRepair = false) {
  const page = parsePage(stream, pageBytes(events))
  if ('code' in page) throw new Error(page.message)
  return store.applyPage({
    connectionId,
    stream,
    runId,
    items: page.items,
    nextCursor: page.nextCursor,
    oldestAvailableAt: page.oldestAvailableAt,
    gapReason: 'test',
    now: 0,
    isRepair,
  })
}

const count = (sql: string) => (opened.db.prepare(sql).pluck().get() as number | undefined) ?? 0

describe('sync store', () => {
  it('records an actor without an email or name once, however many pages name it', () => {
    const robot = { type: 'api_key', id: 'key_1', email: null, name: null, last4: '9f2c' }
    apply('audit-events', [auditEventJson(1, { actor: robot }), auditEventJson(2)])
    apply('audit-events', [auditEventJson(3, { actor: robot })])
    apply('audit-events', [auditEventJson(4, { actor: { ...robot, email: '' } })])
    // key_1 with null email, key_1 with '' email, usr_1: three identities.
    expect(count('SELECT count(*) FROM actors')).toBe(3)
  })

  it('writes an actor again after the batch that first named it rolled back', () => {
    const newcomer = { type: 'user', id: 'usr_9', email: 'new@acme.example', name: 'New' }
    store.beginBatch()
    apply('audit-events', [auditEventJson(1, { actor: newcomer })])
    store.rollbackBatch()
    apply('audit-events', [auditEventJson(1, { actor: newcomer })])
    expect(count("SELECT count(*) FROM actors WHERE actor_id = 'usr_9'")).toBe(1)
  })

  it('records an API key without a name once', () => {
    const key = { id: 'key_2', last4: 'abcd', name: null }
    apply('request-logs', [requestLogJson(1, { api_key: key })])
    apply('request-logs', [requestLogJson(2, { api_key: key }), requestLogJson(3)])
    expect(count('SELECT count(*) FROM api_keys')).toBe(2)
  })

  it('keeps an id re-delivered under a new seq as a conflict, not a second event', () => {
    apply('audit-events', [auditEventJson(1), auditEventJson(2)])
    const counts = apply('audit-events', [
      auditEventJson(3, { id: 'evt_000001', action: 'user.deleted' }),
      auditEventJson(4),
    ])
    expect(counts).toMatchObject({ newEvents: 1, conflicts: 1 })
    expect(count('SELECT count(*) FROM audit_events')).toBe(3)
    const conflict = opened.db
      .prepare('SELECT seq, event_id, stored_raw, received_raw FROM conflicts')
      .get() as { seq: number; event_id: string; stored_raw: string; received_raw: string }
    expect(conflict).toMatchObject({ seq: 3, event_id: 'evt_000001' })
    expect(conflict.stored_raw).toContain('user.signed_in')
    expect(conflict.received_raw).toContain('user.deleted')
    // The next page continues after the conflicting seq.
    expect(store.readState(connectionId, 'audit-events').lastSeq).toBe(4)
  })

  it('restores the server’s copy of a re-delivered event in a repair, keeping the cached one', () => {
    apply('audit-events', [auditEventJson(1, { user_agent: 'agent-cached' }), auditEventJson(2)])
    indexPendingAuditEvents(opened.db)
    const rowId = count('SELECT row_id FROM audit_events WHERE seq = 1')
    // A main sync only records the difference; a repair also restores the server's copy.
    apply('audit-events', [auditEventJson(1, { user_agent: 'agent-server' })])
    expect(count("SELECT count(*) FROM audit_events WHERE user_agent = 'agent-cached'")).toBe(1)
    const counts = apply('audit-events', [auditEventJson(1, { user_agent: 'agent-server' })], true)
    expect(counts).toMatchObject({ newEvents: 0, conflicts: 1 })
    expect(
      count("SELECT row_id FROM audit_events WHERE raw ->> '$.user_agent' = 'agent-server'"),
    ).toBe(rowId)
    expect(count("SELECT count(*) FROM audit_events WHERE user_agent = 'agent-server'")).toBe(1)
    expect(
      count("SELECT count(*) FROM conflicts WHERE stored_raw ->> '$.user_agent' = 'agent-cached'"),
    ).toBe(2)
    const query = createEventQuery(opened.db)
    expect(query.count('audit-events', { text: 'agent-server' })).toBe(1)
    expect(query.count('audit-events', { text: 'agent-cached' })).toBe(0)
  })
})
