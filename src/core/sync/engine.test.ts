import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { openDatabase, type OpenDatabase } from '../store/database'
import { createSyncStore } from '../store/sync-store'
import { syncStream, type SyncDeps } from './engine'
import type { ApiResponse, OrgApiClient } from './org-api-client'
import { auditEventJson, pageBytes } from './test-events'

const rateLimit = { limit: undefined, remaining: undefined, resetSeconds: undefined }
const page = (seqs: number[], nextCursor: string, hasMore: boolean): ApiResponse => ({
  ok: true,
  body: pageBytes(
    seqs.map((seq) => auditEventJson(seq)),
    { next_cursor: nextCursor, has_more: hasMore },
  ),
  rateLimit,
})
const expired = (oldest: number): ApiResponse => ({
  ok: false,
  failure: {
    kind: 'http',
    status: 410,
    code: 'cursor_expired',
    message: 'expired',
    retryAfterMs: undefined,
    oldestAvailableAt: oldest,
  },
  rateLimit,
})

/** A client that answers scripted responses in order and records the paths it was asked for. */
function scripted(
  answers: ApiResponse[],
  onCall?: (index: number) => void,
): OrgApiClient & { paths: string[]; signals: (AbortSignal | undefined)[] } {
  const paths: string[] = []
  const signals: (AbortSignal | undefined)[] = []
  return {
    baseUrl: 'http://127.0.0.1:1',
    paths,
    signals,
    get: (path, signal) => {
      paths.push(path)
      signals.push(signal)
      onCall?.(paths.length)
      if (signal?.aborted === true) {
        return Promise.resolve({
          ok: false,
          failure: { kind: 'cancelled', message: 'Cancelled.' },
          rateLimit,
        })
      }
      const answer = answers.shift()
      if (answer === undefined) throw new Error(`unexpected request ${path}`)
      return Promise.resolve(answer)
    },
  }
}

describe('sync engine, restart after 410', () => {
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

  const deps = (client: OrgApiClient): SyncDeps => ({
    store: createSyncStore(opened.db),
    client,
    clock: () => 0,
    sleep: () => Promise.resolve(),
    random: () => 0.5,
    emit: () => undefined,
  })

  it('remembers the restart point of a 410 across runs, and labels the gap it leaves', async () => {
    const oldest = Date.UTC(2026, 10, 1, 3)
    const controller = new AbortController()
    // Run 1: one page, then 410; it is cancelled as it asks for the restart page.
    const first = scripted([page([1, 2], 'c2', true), expired(oldest)], (call) => {
      if (call === 3) controller.abort()
    })
    const run1 = await syncStream(deps(first), {
      connectionId,
      stream: 'audit-events',
      signal: controller.signal,
    })
    expect(run1.outcome).toBe('cancelled')
    expect(first.paths[2]).toMatch(/^\/v1\/audit-events\?since=/)
    // Run 2 resumes the restart: it asks from `since`, not from the beginning.
    const second = scripted([page([7, 8], 'c8', false)])
    const run2 = await syncStream(deps(second), { connectionId, stream: 'audit-events' })
    expect(second.paths[0]).toBe(
      `/v1/audit-events?since=${encodeURIComponent(new Date(oldest).toISOString())}&limit=1000`,
    )
    expect(run2).toMatchObject({ outcome: 'complete', newEvents: 2, gaps: 1 })
    expect(opened.db.prepare('SELECT from_seq, to_seq, reason FROM gaps').all()).toEqual([
      { from_seq: 3, to_seq: 6, reason: 'cursor_expired' },
    ])
    const state = createSyncStore(opened.db).readState(connectionId, 'audit-events')
    expect(state).toMatchObject({
      cursor: 'c8',
      lastSeq: 8,
      restartSince: null,
      restartReason: null,
    })
  })

  it('prefetches nothing on the page that makes the cursor stuck', async () => {
    // The server keeps saying more follows but repeats the same events: the first page advances,
    // three repeat it, and the run stops as stuck without requesting a fifth.
    const client = scripted([
      page([1], 'c1', true),
      page([1], 'c1', true),
      page([1], 'c1', true),
      page([1], 'c1', true),
      page([1], 'c1', true),
    ])
    const run = await syncStream(deps(client), { connectionId, stream: 'audit-events' })
    expect(run.error?.code).toBe('cursor_stuck')
    expect(client.paths).toHaveLength(4)
  })

  it('cancels a prefetched request the run no longer needs', async () => {
    // A repair pass stops once it reaches the end of its day, with the next page already
    // requested: that request is cancelled, not left running.
    const day = Date.UTC(2026, 10, 1)
    const client = scripted([page([1], 'c1', true), page([2], 'c2', true)])
    const run = await syncStream(deps(client), {
      connectionId,
      stream: 'audit-events',
      repair: { since: day, until: day },
    })
    expect(run.outcome).toBe('complete')
    expect(client.paths).toHaveLength(2)
    expect(client.signals.at(-1)?.aborted).toBe(true)
  })
})
