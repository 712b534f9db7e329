// The app's session methods end to end through the dispatcher: the demo organization started
// in-process, its sync in the background with progress and an outcome, the connection list, the
// run history, and the log pages, counts and raw JSON the views read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CoreEvent } from '../../src/shared/contract'
import type { MethodName } from '../../src/shared/method-names'
import { createDispatcher } from '../../src/core/dispatcher'
import { silentLogger } from '../../src/core/ports'
import { startDemoServer, type DemoServer } from '../../src/demo-org/index'
import { makeTempDir } from '../helpers/temp-dir'
import { makeTestCore } from '../helpers/test-core'

let temp: ReturnType<typeof makeTempDir>
let demo: DemoServer
let session: ReturnType<typeof makeTestCore>
let call: (method: MethodName, input: unknown) => Promise<unknown>

async function value(method: MethodName, input: unknown = {}): Promise<Record<string, unknown>> {
  const result = (await call(method, input)) as
    | { ok: true; value: Record<string, unknown> }
    | { ok: false; error: { code: string; message: string } }
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
  return result.value
}

async function error(
  method: MethodName,
  input: unknown,
): Promise<{ code: string; message: string }> {
  const result = (await call(method, input)) as {
    ok: boolean
    error?: { code: string; message: string }
  }
  if (result.ok || result.error === undefined) throw new Error(`${method} unexpectedly succeeded`)
  return result.error
}

async function finished(events: CoreEvent[]): Promise<CoreEvent> {
  for (let waited = 0; waited < 60_000; waited += 50) {
    const found = events.find((event) => event.name === 'sync.finished')
    if (found !== undefined) return found
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the sync did not finish')
}

beforeAll(async () => {
  temp = makeTempDir()
  demo = await startDemoServer({ auditEvents: 2_000, requestLogs: 3_000 })
  session = makeTestCore(temp.dir, {
    clock: Date.now,
    demo: { start: () => Promise.resolve({ url: demo.url, apiKey: demo.keys.full }) },
  })
  const dispatch = createDispatcher(session.core.handlers, silentLogger)
  call = (method, input) => dispatch(method, input)
})

afterAll(async () => {
  session.core.close()
  await demo.close()
  temp.remove()
})

describe('the session methods', () => {
  it('starts the demo organization and syncs it in the background to the end', async () => {
    expect(await value('connections.list')).toEqual({ connections: [] })
    const { connectionId } = await value('demo.start')
    const end = await finished(session.events)
    expect(end.payload).toMatchObject({ connectionId, outcome: 'complete', error: null })
    expect(session.events.some((event) => event.name === 'sync.progress')).toBe(true)
    const { connections } = (await value('connections.list')) as {
      connections: {
        id: string
        isDemo: boolean
        canSync: boolean
        isSyncing: boolean
        streams: { events: number }[]
      }[]
    }
    expect(connections).toHaveLength(1)
    expect(connections[0]).toMatchObject({
      id: connectionId,
      isDemo: true,
      canSync: true,
      isSyncing: false,
    })
    expect(connections[0]?.streams.map((stream) => stream.events)).toEqual([
      demo.counts.auditEvents,
      demo.counts.requestLogs,
    ])
    const { runs } = (await value('sync.runs', { connectionId })) as { runs: { outcome: string }[] }
    expect(runs.map((run) => run.outcome)).toEqual(['complete', 'complete'])
  })

  it('pages the log by keyset, both ways, and every page joins up to the count', async () => {
    const filter = { action: 'user.*' }
    const { count } = (await value('logs.count', { stream: 'audit-events', filter })) as {
      count: number
    }
    expect(count).toBeGreaterThan(0)
    for (const order of ['desc', 'asc'] as const) {
      const seen: number[] = []
      let after: unknown
      for (;;) {
        const page = (await value('logs.query', {
          stream: 'audit-events',
          filter,
          limit: 250,
          order,
          ...(after === undefined ? {} : { after }),
        })) as {
          rows: { rowId: number; occurredAt: number; columns: { action: string } }[]
          next: unknown
        }
        for (const row of page.rows) {
          expect(row.columns.action.startsWith('user.')).toBe(true)
          seen.push(row.occurredAt)
        }
        if (page.next === null) break
        after = page.next
      }
      expect(seen).toHaveLength(count)
      const sorted = [...seen].sort((a, b) => (order === 'desc' ? b - a : a - b))
      expect(seen).toEqual(sorted)
    }
  })

  it('returns an event with its raw JSON as received, and not_found for a missing one', async () => {
    const page = (await value('logs.query', { stream: 'request-logs', filter: {}, limit: 1 })) as {
      rows: { rowId: number; id: string }[]
    }
    const first = page.rows[0]
    if (first === undefined) throw new Error('no request logs')
    const detail = (await value('logs.get', { stream: 'request-logs', rowId: first.rowId })) as {
      raw: string
      row: { id: string }
    }
    expect(detail.row.id).toBe(first.id)
    expect((JSON.parse(detail.raw) as { id: string }).id).toBe(first.id)
    expect(await error('logs.get', { stream: 'request-logs', rowId: 999_999_999 })).toMatchObject({
      code: 'not_found',
    })
  })

  it('refuses bad keys and addresses with errors that name the fix', async () => {
    expect(
      await error('connections.add', { baseUrl: demo.url, apiKey: demo.keys.revoked }),
    ).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/refused the key \(401\)/) as unknown,
    })
    expect(
      await error('connections.add', { baseUrl: demo.url, apiKey: demo.keys.noScope }),
    ).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/audit_logs:read/) as unknown,
    })
    expect(
      await error('connections.add', { baseUrl: 'http://example.com', apiKey: 'k' }),
    ).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/HTTPS is required/) as unknown,
    })
    expect(
      await error('connections.add', { baseUrl: 'http://127.0.0.1:9', apiKey: 'k' }),
    ).toMatchObject({
      code: 'host_unreachable',
    })
    // The key is never in the cache.
    const list = JSON.stringify(await value('connections.list'))
    expect(list).not.toContain(demo.keys.full)
  })

  it('connects with a good key, keeping it for this session only', async () => {
    const added = await value('connections.add', {
      baseUrl: `${demo.url}/`,
      apiKey: ` ${demo.keys.full} `,
    })
    expect(added).toMatchObject({ keyStorage: 'session', organizationName: demo.organization.name })
    // Same server and organization: the same connection as the demo's.
    const { connections } = (await value('connections.list')) as { connections: unknown[] }
    expect(connections).toHaveLength(1)
  })

  it('counts the most frequent values under the filter, consistent with logs.count', async () => {
    const filter = { status: 'failure' }
    const { facets, isTooBroad } = (await value('logs.facets', {
      stream: 'audit-events',
      filter,
    })) as {
      facets: { field: string; values: { value: string; count: number }[]; others: number }[]
      isTooBroad: boolean
    }
    expect(isTooBroad).toBe(false)
    const status = facets.find((facet) => facet.field === 'status')
    expect(status?.values).toHaveLength(1)
    const { count } = (await value('logs.count', { stream: 'audit-events', filter })) as {
      count: number
    }
    expect(status?.values[0]).toEqual({ value: 'failure', count })
    const action = facets.find((facet) => facet.field === 'action')
    for (const entry of action?.values ?? []) {
      const counted = (await value('logs.count', {
        stream: 'audit-events',
        filter: { ...filter, action: entry.value },
      })) as { count: number }
      expect(counted.count).toBe(entry.count)
    }
  })

  it('saves, lists, replaces and deletes views, refusing a filter with an error', async () => {
    const saved = (await value('views.save', {
      stream: 'audit-events',
      name: 'Failed sign-ins',
      query: 'action:user.signed_in status:failure',
    })) as { id: number }
    await value('views.save', {
      stream: 'audit-events',
      name: 'Failed sign-ins',
      query: 'action:user.* status:failure',
    })
    expect(await value('views.list')).toMatchObject({
      views: [{ id: saved.id, name: 'Failed sign-ins', query: 'action:user.* status:failure' }],
    })
    expect(
      await error('views.save', { stream: 'audit-events', name: 'Bad', query: 'nope:1' }),
    ).toMatchObject({ code: 'invalid_input' })
    expect(
      await error('views.save', { stream: 'audit-events', name: ' ', query: '' }),
    ).toMatchObject({ code: 'invalid_input' })
    expect(await value('views.delete', { id: saved.id })).toEqual({ deleted: true })
    expect(await value('views.list')).toEqual({ views: [] })
  })
})
