// Syncs one organization: checks the key and the organization with /v1/organization, finds or
// creates the connection, syncs each requested stream, then brings the full-text index up to date.
import { z } from 'zod'
import type Database from 'better-sqlite3'
import { parseRfc3339 } from '../../shared/rfc3339'
import {
  deferSecondaryIndexes,
  isTableEmpty,
  restoreDeferredIndexes,
} from '../store/deferred-indexes'
import { startBackgroundCheckpoints } from '../store/background-checkpoints'
import { streamTable } from '../store/event-rows'
import { refreshIpCountries } from '../geo/ip-countries'
import { indexPendingAuditEvents } from '../store/fulltext'
import { createRetention, type PruneResult } from '../store/retention'
import { refreshPlannerStatistics } from '../store/statistics'
import { createSyncStore, type Connection } from '../store/sync-store'
import { normaliseBaseUrl } from './base-url'
import { syncStream, type StreamSyncResult, type SyncDeps } from './engine'
import { createOrgApiClient, type OrgApiClient } from './org-api-client'
import type { StreamName } from './page-parser'
import { decide, defaultRetryLimits, type SyncErrorCode } from './retry-policy'

/** What a host provides to sync. */
export type OrganizationSyncDeps = Omit<SyncDeps, 'store' | 'client'> & {
  db: Database.Database
  fetch: typeof fetch
  /** better-sqlite3's native module for this runtime (Electron), for the checkpoint worker. */
  sqliteNativeBinding?: string
}

/** One sync request from a host (CLI, app). The key is used for requests only, never stored. */
export type OrganizationSyncRequest = {
  baseUrl: string
  apiKey: string
  streams: readonly StreamName[]
  since?: number
  limit?: number
  signal?: AbortSignal
}

/** The outcome: per-stream results, or why the organization could not be reached at all. */
export type OrganizationSyncResult =
  | {
      ok: true
      connection: Connection
      streams: StreamSyncResult[]
      indexed: number
      indexMs: number
      /** What local retention pruned after the sync (null when keeping everything). */
      pruned: PruneResult | null
    }
  | { ok: false; error: { code: SyncErrorCode; message: string } }

const organizationSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().max(1024),
  server_time: z.string(),
})

/** The organization behind a base URL and key, checked with /v1/organization and recorded. */
export type ConnectResult =
  | { ok: true; connection: Connection }
  | { ok: false; error: { code: SyncErrorCode; message: string } }

/**
 * Checks the key with /v1/organization and finds or creates the connection for this server and
 * organization, without syncing. The key is used for the request only, never stored.
 */
export async function connectOrganization(
  deps: Omit<OrganizationSyncDeps, 'emit'>,
  request: { baseUrl: string; apiKey: string; signal?: AbortSignal },
): Promise<ConnectResult> {
  const baseUrl = normaliseBaseUrl(request.baseUrl)
  const client = createOrgApiClient(baseUrl, request.apiKey, deps.fetch)
  const organization = await fetchOrganization(deps, client, request.signal)
  if (!organization.ok) return organization
  const connection = createSyncStore(deps.db).ensureConnection(
    baseUrl,
    organization.id,
    organization.name,
    deps.clock(),
  )
  return { ok: true, connection }
}

/** Syncs the requested streams of the organization behind `baseUrl`. */
export async function syncOrganization(
  deps: OrganizationSyncDeps,
  request: OrganizationSyncRequest,
): Promise<OrganizationSyncResult> {
  const baseUrl = normaliseBaseUrl(request.baseUrl)
  const client = createOrgApiClient(baseUrl, request.apiKey, deps.fetch)
  const organization = await fetchOrganization(deps, client, request.signal)
  if (!organization.ok) return organization
  const checkpoints = startBackgroundCheckpoints(
    deps.db,
    deps.sqliteNativeBinding === undefined ? {} : { nativeBinding: deps.sqliteNativeBinding },
  )
  try {
    return await syncConnection(deps, request, baseUrl, organization, client)
  } finally {
    await checkpoints.stop()
  }
}

async function syncConnection(
  deps: OrganizationSyncDeps,
  request: OrganizationSyncRequest,
  baseUrl: string,
  organization: { id: string; name: string; serverTime: number },
  client: OrgApiClient,
): Promise<OrganizationSyncResult> {
  const store = createSyncStore(deps.db)
  // This process holds the writer lock, so any run still marked running belonged to a dead one.
  store.markInterruptedRuns(deps.clock())
  const connection = store.ensureConnection(
    baseUrl,
    organization.id,
    organization.name,
    deps.clock(),
  )
  const streams: StreamSyncResult[] = []
  for (const stream of request.streams) {
    const table = streamTable(stream)
    if (isTableEmpty(deps.db, table)) deferSecondaryIndexes(deps.db, table)
    try {
      streams.push(
        await syncStream(
          { ...deps, store, client },
          {
            connectionId: connection.id,
            stream,
            serverTime: organization.serverTime,
            ...(request.since === undefined ? {} : { since: request.since }),
            ...(request.limit === undefined ? {} : { limit: request.limit }),
            ...(request.signal === undefined ? {} : { signal: request.signal }),
          },
        ),
      )
    } finally {
      // Build them even when the run fails: an index must never stay missing while the app runs.
      restoreDeferredIndexes(deps.db)
    }
  }
  const indexStarted = performance.now()
  const indexed = indexPendingAuditEvents(deps.db)
  const indexMs = Math.round(performance.now() - indexStarted)
  // The country filter reads ip_countries: place the addresses this sync brought.
  refreshIpCountries(deps.db)
  const pruned = createRetention(deps.db).prune(deps.clock())
  // Keep the planner's statistics current as the cache grows (cheap when nothing changed much).
  refreshPlannerStatistics(
    deps.db,
    request.streams.map((stream, index) => ({
      table: streamTable(stream),
      added: streams[index]?.newEvents ?? 0,
    })),
  )
  return { ok: true, connection, streams, indexed, indexMs, pruned }
}

type OrganizationInfo =
  | { ok: true; id: string; name: string; serverTime: number }
  | { ok: false; error: { code: SyncErrorCode; message: string } }

async function fetchOrganization(
  deps: Omit<OrganizationSyncDeps, 'emit'>,
  client: OrgApiClient,
  signal: AbortSignal | undefined,
): Promise<OrganizationInfo> {
  const limits = deps.retryLimits ?? defaultRetryLimits
  for (let attempt = 1; ; attempt += 1) {
    const response = await client.get('/v1/organization', signal)
    if (response.ok) return parseOrganization(response.body)
    const decision = decide(response.failure, attempt, limits, deps.random)
    if (decision.action === 'stop')
      return { ok: false, error: { code: decision.code, message: decision.message } }
    if (decision.action === 'restart')
      return {
        ok: false,
        error: { code: 'invalid_request', message: 'The server answered 410 to /v1/organization.' },
      }
    await deps.sleep(decision.delayMs, signal)
  }
}

function parseOrganization(body: Uint8Array): OrganizationInfo {
  let json: unknown
  try {
    json = JSON.parse(Buffer.from(body).toString('utf8'))
  } catch {
    json = undefined
  }
  const parsed = organizationSchema.safeParse(json)
  const serverTime = parsed.success ? parseRfc3339(parsed.data.server_time) : undefined
  if (!parsed.success || serverTime === undefined) {
    return {
      ok: false,
      error: {
        code: 'malformed_page',
        message:
          'The server’s /v1/organization answer does not follow the contract (id, name, server_time). Check the API base URL.',
      },
    }
  }
  return { ok: true, id: parsed.data.id, name: parsed.data.name, serverTime }
}
