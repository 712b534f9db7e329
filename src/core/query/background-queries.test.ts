import { threadId as mainThreadId } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventFilter, Stream } from '../../shared/filter'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { loadEvents } from '../../../test/helpers/load-events'
import { CoreError } from '../errors'
import { openDatabase, type OpenDatabase } from '../store/database'
import { auditEventJson, requestLogJson } from '../sync/test-events'
import { createBackgroundQueries, type BackgroundQueries } from './background-queries'
import { createEventQuery } from './event-query'

const addresses = ['203.0.113.7', '203.0.112.9', '2001:db8::1', '::ffff:203.0.113.20', '10.0.0.1']

const filters: [Stream, EventFilter][] = [
  ['audit-events', {}],
  ['audit-events', { ip: '203.0.113.0/24' }],
  ['audit-events', { ip: '2001:db8::/32' }],
  ['audit-events', { ip: '0.0.0.0/0', action: 'template.*' }],
  ['audit-events', { status: 'failure' }],
  ['request-logs', { ip: '198.51.100.0/24' }],
  ['request-logs', { status: '5xx' }],
]

describe('background queries', () => {
  let temp: ReturnType<typeof makeTempDir>
  let opened: OpenDatabase
  let background: BackgroundQueries | undefined
  const threads: number[] = []
  const onRun = (_kind: string, threadId: number) => {
    threads.push(threadId)
  }
  beforeEach(() => {
    temp = makeTempDir()
    opened = openDatabase(temp.dir, 0)
    threads.length = 0
    loadEvents(
      opened,
      Array.from({ length: 40 }, (_, index) =>
        auditEventJson(index + 1, {
          ip_address: addresses[index % addresses.length],
          ...(index % 3 === 0 ? { action: 'template.created', category: 'templates' } : {}),
          ...(index % 4 === 0 ? { status: 'failure', failure_reason: 'quota_exceeded' } : {}),
        }),
      ),
      Array.from({ length: 20 }, (_, index) =>
        requestLogJson(index + 1, index % 5 === 0 ? { status_code: 503 } : {}),
      ),
    )
  })
  afterEach(() => {
    background?.close()
    background = undefined
    opened.close()
    temp.remove()
  })

  it('counts and facets on a worker thread, equal to the main thread for each filter', async () => {
    const started = createBackgroundQueries(() => opened.db, { onRun })
    background = started
    const inline = createEventQuery(opened.db)
    for (const [stream, filter] of filters) {
      expect(await started.count(stream, filter)).toBe(inline.count(stream, filter))
      expect(await started.facets(stream, filter)).toEqual(inline.facets(stream, filter))
    }
    expect(inline.count('audit-events', { ip: '203.0.113.0/24' })).toBeGreaterThan(0)
    expect(threads).toHaveLength(filters.length * 2)
    expect(threads.every((id) => id !== mainThreadId)).toBe(true)
  })

  it('answers a page on the main thread while a count is still running in the worker', async () => {
    const started = createBackgroundQueries(() => opened.db, { onRun })
    background = started
    let isCounted = false
    const counting = started.count('audit-events', {}).then((count) => {
      isCounted = true
      return count
    })
    const page = createEventQuery(opened.db).page('audit-events', {}, 5)
    expect(page).toHaveLength(5)
    expect(isCounted).toBe(false)
    expect(await counting).toBe(40)
    expect(threads).toHaveLength(1)
    expect(threads[0]).not.toBe(mainThreadId)
  })

  it('cancels a queued count that a newer one for the same stream replaces', async () => {
    const started = createBackgroundQueries(() => opened.db, { onRun })
    background = started
    const first = started.count('audit-events', {})
    const replaced = started
      .count('audit-events', { status: 'failure' })
      .catch((error: unknown) => error)
    const latest = started.count('audit-events', { ip: '2001:db8::/32' })
    const other = started.count('request-logs', {})
    expect(await first).toBe(40)
    const error = await replaced
    expect(error).toBeInstanceOf(CoreError)
    expect(error).toHaveProperty('code', 'cancelled')
    expect(await latest).toBe(8)
    expect(await other).toBe(20)
    expect(threads).toHaveLength(3)
  })

  it('runs on the main thread when the worker cannot open the cache', async () => {
    const started = createBackgroundQueries(() => opened.db, {
      onRun,
      nativeBinding: `${temp.dir}/missing.node`,
    })
    background = started
    const inline = createEventQuery(opened.db)
    for (const [stream, filter] of filters) {
      expect(await started.count(stream, filter)).toBe(inline.count(stream, filter))
      expect(await started.facets(stream, filter)).toEqual(inline.facets(stream, filter))
    }
    expect(threads.at(-1)).toBe(mainThreadId)
  })

  it('runs on the main thread for an in-memory database', async () => {
    const memory = new Database(':memory:')
    memory.exec('CREATE TABLE audit_events (row_id INTEGER PRIMARY KEY)')
    memory.exec('CREATE VIRTUAL TABLE audit_events_fts USING fts5(text)') // createEventQuery needs it
    memory.exec('INSERT INTO audit_events DEFAULT VALUES')
    const started = createBackgroundQueries(() => memory, { onRun })
    background = started
    expect(await started.count('audit-events', {})).toBe(1)
    expect(threads).toEqual([mainThreadId])
    memory.close()
  })
})
