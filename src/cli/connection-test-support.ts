// Shared set-up of the CLI tests on a cache holding two organizations: a second connection with
// events of its own, stored the way a sync stores them.
import { indexPendingAuditEvents } from '../core/store/fulltext'
import type { OpenDatabase } from '../core/store/database'
import { createSyncStore } from '../core/store/sync-store'
import { parsePage } from '../core/sync/page-parser'
import { auditEventJson, pageBytes, requestLogJson } from '../core/sync/test-events'

/**
 * Adds the organization "Globex" (org_2, another server) to a cache with `auditCount` audit events
 * (ids glx_…, actor bo@globex.example) and 2 request logs; returns its connection id.
 */
export function addSecondOrganization(opened: OpenDatabase, auditCount: number): string {
  const store = createSyncStore(opened.db)
  const connection = store.ensureConnection('http://127.0.0.1:2', 'org_2', 'Globex', 0)
  const audit = Array.from({ length: auditCount }, (_, index) =>
    auditEventJson(index + 1, {
      id: `glx_${String(index + 1).padStart(6, '0')}`,
      actor: { type: 'user', id: 'usr_9', email: 'bo@globex.example', name: 'Bo Lind' },
    }),
  )
  const requests = [1, 2].map((seq) =>
    requestLogJson(seq, { id: `glxreq_${String(seq).padStart(6, '0')}` }),
  )
  for (const [stream, events] of [
    ['audit-events', audit],
    ['request-logs', requests],
  ] as const) {
    const page = parsePage(stream, pageBytes(events))
    if ('code' in page) throw new Error(page.message)
    const runId = store.startRun(connection.id, stream, 0)
    store.applyPage({
      connectionId: connection.id,
      stream,
      runId,
      items: page.items,
      nextCursor: 'c',
      oldestAvailableAt: 0,
      gapReason: 'seq_jump',
      now: 0,
    })
  }
  indexPendingAuditEvents(opened.db)
  return connection.id
}
