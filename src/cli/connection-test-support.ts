// Shared set-up of the CLI tests on a cache holding two organizations: a second connection with
// events of its own, stored the way a sync stores them.
import type { OpenDatabase } from '../core/store/database'
import { auditEventJson, requestLogJson } from '../core/sync/test-events'
import { loadEvents } from '../../test/helpers/load-events'

/**
 * Adds the organization "Globex" (org_2, another server) to a cache with `auditCount` audit events
 * (ids glx_…, actor bo@globex.example) and 2 request logs; returns its connection id.
 */
export function addSecondOrganization(opened: OpenDatabase, auditCount: number): string {
  const audit = Array.from({ length: auditCount }, (_, index) =>
    auditEventJson(index + 1, {
      id: `glx_${String(index + 1).padStart(6, '0')}`,
      actor: { type: 'user', id: 'usr_9', email: 'bo@globex.example', name: 'Bo Lind' },
    }),
  )
  const requests = [1, 2].map((seq) =>
    requestLogJson(seq, { id: `glxreq_${String(seq).padStart(6, '0')}` }),
  )
  return loadEvents(opened, audit, requests, {
    baseUrl: 'http://127.0.0.1:2',
    organizationId: 'org_2',
    name: 'Globex',
  })
}
