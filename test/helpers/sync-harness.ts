import Database from 'better-sqlite3'
import { openDatabase, type OpenDatabase } from '../../src/core/store/database'
import type { StreamName } from '../../src/core/sync/page-parser'
import {
  syncOrganization,
  type OrganizationSyncRequest,
  type OrganizationSyncResult,
} from '../../src/core/sync/sync-organization'
import type { CoreEvent } from '../../src/shared/contract'

/** A clock that only moves when the code under test sleeps: no real waiting, deterministic. */
export function makeFakeTime(start = Date.UTC(2026, 10, 26, 12)) {
  let now = start
  const sleeps: number[] = []
  return {
    clock: () => now,
    sleep: (ms: number) => {
      sleeps.push(ms)
      now += ms
      return Promise.resolve()
    },
    sleeps,
    advance: (ms: number) => {
      now += ms
    },
  }
}

/** Syncs with a fake sleep (the clock still moves with real time for the server's windows). */
export async function syncWith(
  opened: OpenDatabase,
  request: Omit<OrganizationSyncRequest, 'streams'> & { streams?: readonly StreamName[] },
  options: {
    events?: CoreEvent[]
    sleeps?: number[]
    clock?: () => number
    sleep?: (ms: number) => Promise<void>
  } = {},
): Promise<OrganizationSyncResult> {
  return syncOrganization(
    {
      db: opened.db,
      fetch,
      clock: options.clock ?? Date.now,
      sleep:
        options.sleep ??
        ((ms) => {
          options.sleeps?.push(ms)
          return Promise.resolve()
        }),
      random: () => 0.5,
      emit: (event) => options.events?.push(event),
      retryLimits: {
        maxTransientAttempts: 8,
        maxRateLimitedAttempts: 50,
        baseDelayMs: 1,
        maxDelayMs: 5,
      },
    },
    { streams: ['audit-events', 'request-logs'], ...request },
  )
}

/** Every event the server has in a stream, in seq order, fetched independently of the engine
 * (retrying whatever a fault-injecting server throws at it). */
export async function fetchAllFromServer(
  url: string,
  key: string,
  stream: StreamName,
): Promise<{ id: string; seq: number; json: unknown }[]> {
  const all: { id: string; seq: number; json: unknown }[] = []
  let cursor: string | undefined
  for (;;) {
    const query =
      cursor === undefined ? 'limit=1000' : `cursor=${encodeURIComponent(cursor)}&limit=1000`
    const page = await getPageRetrying(`${url}/v1/${stream}?${query}`, key)
    for (const event of page.data)
      if (event.seq > (all.at(-1)?.seq ?? 0))
        all.push({ id: event.id, seq: event.seq, json: event })
    cursor = page.next_cursor
    if (!page.has_more) return all
  }
}

type RawPage = { data: { id: string; seq: number }[]; next_cursor: string; has_more: boolean }

async function getPageRetrying(url: string, key: string): Promise<RawPage> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const response = await fetch(url, { headers: { Authorization: `Bearer ${key}` } })
      if (response.status === 200) return (await response.json()) as RawPage
      if (attempt >= 100 || ![429, 500, 502, 503, 504].includes(response.status))
        throw new Error(`server answered ${response.status}`)
    } catch (error) {
      if (attempt >= 100) throw error
    }
  }
}

/** The events the cache holds for a stream, in seq order. */
export function cachedEvents(
  db: Database.Database,
  stream: StreamName,
): { id: string; seq: number; json: unknown }[] {
  const table = stream === 'audit-events' ? 'audit_events' : 'request_logs'
  return db
    .prepare<[], { id: string; seq: number; raw: string }>(
      `SELECT id, seq, raw FROM ${table} ORDER BY seq`,
    )
    .all()
    .map((row) => ({ id: row.id, seq: row.seq, json: JSON.parse(row.raw) as unknown }))
}

/** Opens a fresh cache in a directory. */
export const openCache = (directory: string): OpenDatabase => openDatabase(directory, Date.now())

export { Database }
