// Test support for the detections: a real cache in a temp directory that events are added to in
// pages (as a sync stores them), events written compactly, and addresses the packaged country
// database places in a wanted country. Used by tests only.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openGeo } from '../../demo-org/geo'
import { Random } from '../../demo-org/random'
import { dayMs } from './baseline'
import { createFindingStore } from './finding-store'
import { toFinding } from './finding-view'
import { runDetections } from './run-detections'
import { openDatabase, type OpenDatabase } from '../store/database'
import { createSyncStore } from '../store/sync-store'
import { parsePage } from '../sync/page-parser'
import { pageBytes } from '../sync/test-events'

/** 2026-11-01 00:00 UTC: the start of test time. */
export const testEpoch = Date.UTC(2026, 10, 1)

/** An audit event to add: `at` in epoch ms, the rest as the contract names them. */
export type TestAudit = {
  at: number
  action?: string
  actor?: string
  ip?: string | null
  status?: 'success' | 'failure'
  resource?: { type: string; id: string; name: string | null } | null
  metadata?: Record<string, unknown>
  id?: string
}

/** A request log entry to add. */
export type TestRequest = { at: number; key?: string | null; ip?: string | null; id?: string }

const addresses = new Map<string, string[]>()
const geo = openGeo()
const random = new Random(7, 'detect-tests')

/** The `index`-th test address in `country` (the same one on every call). */
export function addressIn(country: string, index = 0): string {
  const known = addresses.get(country) ?? []
  while (known.length <= index) known.push(geo.addressIn(country, random))
  addresses.set(country, known)
  return known[index] ?? ''
}

/** A fresh cache with one connection; add events in pages, then close (removing it). */
export function makeDetectCache(name = 'Acme') {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-desk-detect-'))
  const opened: OpenDatabase = openDatabase(directory, testEpoch)
  const store = createSyncStore(opened.db)
  const connection = store.ensureConnection('http://127.0.0.1:1', `org_${name}`, name, 0)
  const seqs = { 'audit-events': 0, 'request-logs': 0 }
  const apply = (stream: 'audit-events' | 'request-logs', events: Record<string, unknown>[]) => {
    if (events.length === 0) return
    const page = parsePage(stream, pageBytes(events))
    if ('code' in page) throw new Error(page.message)
    store.applyPage({
      connectionId: connection.id,
      stream,
      runId: store.startRun(connection.id, stream, 0),
      items: page.items,
      nextCursor: 'c',
      oldestAvailableAt: 0,
      gapReason: 'seq_jump',
      now: 0,
    })
  }
  return {
    db: opened.db,
    connectionId: connection.id,
    directory,
    /** Stores audit events and request log entries as one sync page each. */
    add(audit: readonly TestAudit[], requests: readonly TestRequest[] = []): void {
      apply(
        'audit-events',
        audit.map((event) => auditJson(++seqs['audit-events'], event)),
      )
      apply(
        'request-logs',
        requests.map((request) => requestJson(++seqs['request-logs'], request)),
      )
    },
    close(): void {
      opened.close()
      fs.rmSync(directory, { recursive: true, force: true })
    },
  }
}

/** The test cache's interface. */
export type DetectCache = ReturnType<typeof makeDetectCache>

const iso = (time: number): string => new Date(time).toISOString()

function auditJson(seq: number, event: TestAudit): Record<string, unknown> {
  const actor = event.actor ?? 'ana'
  const action = event.action ?? 'user.signed_in'
  return {
    id: event.id ?? `evt_${String(seq).padStart(7, '0')}`,
    seq,
    occurred_at: iso(event.at),
    recorded_at: iso(event.at + 250),
    action,
    category: action.split('.')[0] ?? 'other',
    actor: { type: 'user', id: `usr_${actor}`, email: `${actor}@acme.example`, name: actor },
    resource: event.resource ?? null,
    ip_address: event.ip === undefined ? addressIn('DE') : event.ip,
    user_agent: 'Mozilla/5.0',
    status: event.status ?? 'success',
    failure_reason: event.status === 'failure' ? 'invalid_password' : null,
    metadata: event.metadata ?? {},
  }
}

function requestJson(seq: number, request: TestRequest): Record<string, unknown> {
  const key = request.key === undefined ? 'ci' : request.key
  return {
    id: request.id ?? `req_${String(seq).padStart(8, '0')}`,
    seq,
    occurred_at: iso(request.at),
    recorded_at: iso(request.at + 5),
    method: 'POST',
    endpoint: '/v1/documents/generate',
    status_code: 200,
    duration_ms: 120,
    api_key: key === null ? null : { id: `key_${key}`, last4: '9f2c', name: `${key} key` },
    ip_address: request.ip === undefined ? addressIn('US') : request.ip,
    user_agent: 'acme-sdk/2.1',
    error_code: null,
  }
}

/** `count` events spread evenly over [from, from + spanMs); `make` gets each time and index. */
export function spread<T>(
  count: number,
  from: number,
  spanMs: number,
  make: (at: number, index: number) => T,
): T[] {
  return Array.from({ length: count }, (_, index) =>
    make(from + Math.floor((index * spanMs) / count), index),
  )
}

/** Runs every detection and returns the findings of one rule with their evidence, oldest window first. */
export function findingsOf(target: DetectCache, ruleId: string) {
  runDetections(target.db, target.connectionId, testEpoch + 100 * dayMs)
  const store = createFindingStore(target.db)
  return store
    .list({ connectionId: target.connectionId, ruleIds: [ruleId], limit: 1000 })
    .rows.flatMap((row) => {
      const finding = toFinding(row, null)
      return finding === null ? [] : [{ ...finding, evidenceIds: store.evidence(row.id) }]
    })
    .reverse()
}
