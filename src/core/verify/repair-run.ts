// Repairs mismatched days: re-syncs each day's recording window with a cursor of its own (the
// engine's repair mode), brings the full-text index up to date, and verifies the day again.
import { indexPendingAuditEvents } from '../store/fulltext'
import { createSyncStore } from '../store/sync-store'
import { normaliseBaseUrl } from '../sync/base-url'
import { syncStream, type StreamSyncResult } from '../sync/engine'
import { createOrgApiClient } from '../sync/org-api-client'
import type { StreamName } from '../sync/page-parser'
import { repairDay, type RepairRefusal } from './repair'
import { verifyConnection, type VerifyDeps } from './verify-connection'
import type { DayVerification, VerifyError } from './verify-types'

/** The outcome of repairing one day. */
export type DayRepair = {
  stream: StreamName
  day: string
  refused?: RepairRefusal
  sync?: StreamSyncResult
  after?: DayVerification
  verifyError?: VerifyError
}

/** Repairs each listed mismatched day of a stream, in order; refuses days that are not mismatched. */
export async function repairDays(
  deps: VerifyDeps,
  request: {
    connectionId: string
    baseUrl: string
    apiKey: string
    stream: StreamName
    days: readonly string[]
    signal?: AbortSignal
  },
): Promise<DayRepair[]> {
  const baseUrl = normaliseBaseUrl(request.baseUrl)
  const client = createOrgApiClient(baseUrl, request.apiKey, deps.fetch)
  const store = createSyncStore(deps.db)
  const results: DayRepair[] = []
  for (const day of request.days) {
    const planned = repairDay(deps.db, {
      connectionId: request.connectionId,
      stream: request.stream,
      day,
    })
    if (!planned.ok) {
      results.push({ stream: request.stream, day, refused: planned.error })
      continue
    }
    const { since, until } = planned.plan
    const sync = await syncStream(
      { ...deps, store, client, emit: () => undefined },
      {
        connectionId: request.connectionId,
        stream: request.stream,
        repair: { since, until },
        ...(request.signal === undefined ? {} : { signal: request.signal }),
      },
    )
    indexPendingAuditEvents(deps.db)
    const verified = await verifyConnection(deps, {
      connectionId: request.connectionId,
      baseUrl,
      apiKey: request.apiKey,
      streams: [request.stream],
      from: day,
      to: day,
    })
    const stream = verified.ok ? verified.streams[0] : undefined
    if (stream?.ok === true)
      results.push({
        stream: request.stream,
        day,
        sync,
        ...(stream.days[0] === undefined ? {} : { after: stream.days[0] }),
      })
    else
      results.push({
        stream: request.stream,
        day,
        sync,
        verifyError: verified.ok
          ? stream?.ok === false
            ? stream.error
            : { code: 'malformed_answer', message: 'no result' }
          : verified.error,
      })
  }
  return results
}
