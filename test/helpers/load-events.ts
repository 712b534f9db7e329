import { indexPendingAuditEvents } from '../../src/core/store/fulltext'
import type { OpenDatabase } from '../../src/core/store/database'
import { createSyncStore } from '../../src/core/store/sync-store'
import { parsePage } from '../../src/core/sync/page-parser'
import { pageBytes } from '../../src/core/sync/test-events'

/** The organization events are stored under: by default "Acme" (org_1) on http://127.0.0.1:1. */
export type TestOrganization = { baseUrl: string; organizationId: string; name: string }

const acme: TestOrganization = {
  baseUrl: 'http://127.0.0.1:1',
  organizationId: 'org_1',
  name: 'Acme',
}

/**
 * Stores contract-shaped events straight into a cache (one page per stream, as the engine would)
 * and indexes them for full-text search; returns the connection id.
 */
export function loadEvents(
  opened: OpenDatabase,
  audit: Record<string, unknown>[],
  requests: Record<string, unknown>[],
  organization: TestOrganization = acme,
): string {
  const store = createSyncStore(opened.db)
  const connection = store.ensureConnection(
    organization.baseUrl,
    organization.organizationId,
    organization.name,
    0,
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
