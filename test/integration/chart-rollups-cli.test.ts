import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRollupStateStore } from '../../src/core/charts/rollup-state-store'
import { runCli } from '../../src/cli/main'
import { startDemoServer, type DemoServer } from '../../src/demo-org/index'
import { fakeIo } from '../helpers/fake-io'
import { makeTempDir } from '../helpers/temp-dir'

describe('audit-desk sync and the chart summaries', () => {
  let server: DemoServer
  let temp: ReturnType<typeof makeTempDir>
  beforeAll(async () => {
    server = await startDemoServer({ seed: 5, auditEvents: 800, requestLogs: 1500, days: 4 })
    temp = makeTempDir()
  })
  afterAll(async () => {
    await server.close()
    temp.remove()
  })

  it('brings the charts’ summaries up to date with every event it stored', async () => {
    const file = path.join(temp.dir, 'cache.sqlite')
    const io = fakeIo('/nonexistent', { AUDIT_DESK_API_KEY: server.keys.full })
    expect(await runCli(['sync', '--url', server.url, '--db', file], io)).toBe(0)
    expect(io.err.join('')).not.toMatch(/chart summaries/)
    const db = new Database(file, { readonly: true })
    try {
      const states = createRollupStateStore(db)
      expect(states.isCurrent('request_logs')).toBe(true)
      expect(states.isCurrent('audit_events')).toBe(true)
      const summed = db
        .prepare('SELECT sum(requests) FROM request_rollups WHERE span_ms = 86400000')
        .pluck()
        .get()
      expect(summed).toBe(db.prepare('SELECT count(*) FROM request_logs').pluck().get())
      const signIns = db
        .prepare('SELECT sum(sign_ins) FROM sign_in_rollups WHERE span_ms = 3600000')
        .pluck()
        .get()
      expect(signIns).toBe(
        db
          .prepare("SELECT count(*) FROM audit_events WHERE action = 'user.signed_in'")
          .pluck()
          .get(),
      )
    } finally {
      db.close()
    }
  })
})
