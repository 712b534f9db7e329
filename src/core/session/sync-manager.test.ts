import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import type { CoreEvent } from '../../shared/contract'
import { silentLogger } from '../ports'
import { openDatabase, type OpenDatabase } from '../store/database'
import { createSyncManager } from './sync-manager'

/** A fetch that never answers until its request is aborted: a sync that stays running. */
const hangingFetch: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => {
      reject(new DOMException('aborted', 'AbortError'))
    })
  })

const request = { baseUrl: 'http://127.0.0.1:9', apiKey: 'k', streams: ['audit-events'] as const }

describe('the sync manager’s writer lock', () => {
  let temp: ReturnType<typeof makeTempDir>
  let opened: OpenDatabase
  let events: CoreEvent[]
  let waits: { ms: number; resolve: () => void }[]
  let manager: ReturnType<typeof createSyncManager>

  beforeEach(() => {
    temp = makeTempDir()
    opened = openDatabase(temp.dir, 0)
    events = []
    waits = []
    manager = createSyncManager({
      db: () => opened.db,
      fetch: hangingFetch,
      clock: () => 1000,
      emit: (event) => events.push(event),
      logger: silentLogger,
      sleep: (ms) =>
        new Promise((resolve) => {
          waits.push({ ms, resolve })
        }),
    })
  })
  afterEach(async () => {
    await manager.stop()
    opened.close()
    temp.remove()
  })

  it('refuses a long task while a sync runs', async () => {
    expect(manager.start('c1', request)).toBe(true)
    await expect(manager.exclusive('verification', () => Promise.resolve(1))).rejects.toMatchObject(
      { code: 'busy', message: expect.stringMatching(/sync is running/) as unknown },
    )
  })

  it('refuses syncs and a second task while a task runs, and frees the cache after it', async () => {
    let finish = (): void => undefined
    const task = manager.exclusive(
      'repair',
      () =>
        new Promise<string>((resolve) => {
          finish = () => {
            resolve('repaired')
          }
        }),
    )
    expect(() => manager.start('c1', request)).toThrow(/repair of the cache is running/)
    await expect(manager.exclusive('verification', () => Promise.resolve(1))).rejects.toMatchObject(
      { code: 'busy' },
    )
    finish()
    expect(await task).toBe('repaired')
    expect(manager.start('c1', request)).toBe(true)
  })

  it('has a followed connection wait another interval while the cache is busy', async () => {
    let finish = (): void => undefined
    const task = manager.exclusive(
      'repair',
      () =>
        new Promise<void>((resolve) => {
          finish = resolve
        }),
    )
    manager.follow('c1', request, 30_000)
    expect(manager.followState('c1')).toEqual({ intervalSeconds: 30, nextSyncAt: 31_000 })
    expect(manager.runningConnection()).toBeUndefined()
    waits.shift()?.resolve()
    await until(() => waits.length === 1)
    expect(manager.runningConnection()).toBeUndefined()
    finish()
    await task
    waits.shift()?.resolve()
    await until(() => manager.runningConnection() === 'c1')
    expect(manager.followState('c1')).toEqual({ intervalSeconds: 30, nextSyncAt: null })
  })

  it('stops following and cancels the sync on stop (the app closing)', async () => {
    manager.follow('c1', request, 60_000)
    expect(manager.runningConnection()).toBe('c1')
    await manager.stop()
    expect(manager.followState('c1')).toBeNull()
    expect(events.at(-1)).toMatchObject({ name: 'sync.finished', payload: { connectionId: 'c1' } })
    expect(waits).toHaveLength(0)
  })
})

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 2000; tries += 1) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  throw new Error('the condition never held')
}

describe('the work after a sync', () => {
  it('runs after every sync, whatever its outcome, before sync.finished; its failure is only logged', async () => {
    const temp = makeTempDir()
    const opened = openDatabase(temp.dir, 0)
    const order: string[] = []
    const errors: string[] = []
    let shouldFail = false
    const manager = createSyncManager({
      db: () => opened.db,
      fetch: hangingFetch,
      clock: () => 1000,
      emit: (event) => {
        if (event.name === 'sync.finished') order.push('finished')
      },
      logger: { ...silentLogger, error: (message) => errors.push(message) },
      afterSync: (connectionId) => {
        order.push(`after ${connectionId}`)
        return shouldFail ? Promise.reject(new Error('boom')) : Promise.resolve()
      },
    })
    try {
      expect(manager.start('c1', request)).toBe(true)
      manager.cancel('c1')
      await vi.waitFor(() => {
        expect(order).toHaveLength(2)
      })
      shouldFail = true
      await vi.waitFor(() => {
        expect(manager.start('c1', request)).toBe(true)
      })
      manager.cancel('c1')
      await vi.waitFor(() => {
        expect(order).toHaveLength(4)
      })
      expect(order).toEqual(['after c1', 'finished', 'after c1', 'finished'])
      expect(errors).toEqual(['work after the sync failed'])
    } finally {
      await manager.stop()
      opened.close()
      temp.remove()
    }
  })
})
