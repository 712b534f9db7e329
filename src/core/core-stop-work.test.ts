// Quitting the desktop app during a sync: stopWork cancels it and resolves once the run has
// recorded its end, so the host can close the cache without cutting a write short.
import Database from 'better-sqlite3'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startDemoServer, type DemoServer } from '../demo-org/index'
import { makeTempDir } from '../../test/helpers/temp-dir'
import { makeTestCore } from '../../test/helpers/test-core'
import type { CoreEvent } from '../shared/contract'
import { databaseFileName } from './store/database'

describe('core.stopWork', () => {
  let temp: ReturnType<typeof makeTempDir>
  let demo: DemoServer
  beforeEach(async () => {
    temp = makeTempDir()
    demo = await startDemoServer({ seed: 5, auditEvents: 5_000, requestLogs: 5_000, days: 5 })
  })
  afterEach(async () => {
    await demo.close()
    temp.remove()
  })

  it('cancels a running sync and resolves after the run recorded that it was cancelled', async () => {
    let onEvent: (event: CoreEvent) => void = () => undefined
    const { core, events } = makeTestCore(temp.dir, {
      clock: Date.now,
      demo: { start: () => Promise.resolve({ url: demo.url, apiKey: demo.keys.full }) },
      emit: (event) => {
        events.push(event)
        onEvent(event)
      },
    })
    const stopped = new Promise<void>((resolve) => {
      onEvent = (event) => {
        if (event.name !== 'sync.progress') return
        onEvent = () => undefined
        void core.stopWork().then(resolve)
      }
    })
    await core.handlers['demo.start']({})
    await stopped
    const finished = events.filter((event) => event.name === 'sync.finished')
    expect(finished.map((event) => event.payload.outcome)).toEqual(['cancelled'])
    const [connection] = (await core.handlers['connections.list']({})).connections
    if (connection === undefined) throw new Error('the demo connection is missing')
    const { runs } = await core.handlers['sync.runs']({ connectionId: connection.id, limit: 20 })
    core.close()
    expect(runs.length).toBeGreaterThan(0)
    expect(runs.map((run) => run.outcome)).not.toContain('running')
    expect(runs.map((run) => run.outcome)).toContain('cancelled')
  })

  it('resolves at once when nothing runs, and the cache still closes', async () => {
    const { core } = makeTestCore(temp.dir)
    await core.stopWork()
    core.close()
    const database = new Database(path.join(temp.dir, databaseFileName), { readonly: true })
    expect(database.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 })
    database.close()
  })
})
