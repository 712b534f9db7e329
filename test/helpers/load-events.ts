import { indexPendingAuditEvents } from '../../src/core/store/fulltext'
import type { OpenDatabase } from '../../src/core/store/database'
import { createSyncStore } from '../../src/core/store/sync-store'
import { parsePage } from '../../src/core/sync/page-parser'
import { pageBytes } from '../../src/core/sync/test-events'

/**
 * Stores contract-shaped events straight into a cache (one page per stream, as the engine would)
 * and indexes them for full-text search; returns the connection id.
 */
export function loadEvents(
  opened: OpenDatabase,
  audit: Record<string, unknown>[],
  requests: Record<string, unknown>[],
): string {
  const store = createSyncStore(opened.db)
  const connection = store.ensureConnection('http://127.0.0.1:1', 'org_1', 'Acme', 0)
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
