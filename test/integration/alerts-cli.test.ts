// `audit-desk sync` and the alert rules: the first sync records history quietly, later syncs
// print what they raised and append it to --alerts-jsonl as JSON Lines; a file that cannot be
// written is named in a clear error while the sync keeps its events and alerts.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main'
import { startDemoServer, type DemoServer } from '../../src/demo-org/index'
import { fakeIo } from '../helpers/fake-io'
import { makeTempDir } from '../helpers/temp-dir'

describe('audit-desk sync with alert rules', () => {
  let server: DemoServer
  let temp: ReturnType<typeof makeTempDir>
  let db: string
  let jsonl: string
  beforeAll(async () => {
    server = await startDemoServer({ seed: 21, auditEvents: 1500, requestLogs: 300, days: 6 })
    temp = makeTempDir()
    db = path.join(temp.dir, 'cache.sqlite')
    jsonl = path.join(temp.dir, 'alerts.jsonl')
  })
  afterAll(async () => {
    await server.close()
    temp.remove()
  })

  const sync = async (...extra: string[]) => {
    const io = fakeIo('/nonexistent', { AUDIT_DESK_API_KEY: server.keys.full })
    const code = await runCli(['sync', '--url', server.url, '--db', db, ...extra], io)
    return { code, out: io.out.join(''), err: io.err.join('') }
  }
  const cachedAlerts = () => {
    const cache = new Database(db, { readonly: true })
    try {
      return cache
        .prepare<[], { event_id: string; is_historical: number }>(
          'SELECT event_id, is_historical FROM alerts ORDER BY id',
        )
        .all()
    } finally {
      cache.close()
    }
  }

  it('records a first sync’s matches as history, printing and appending nothing', async () => {
    const first = await sync('--alerts-jsonl', jsonl)
    expect(first.code).toBe(0)
    expect(first.out).not.toMatch(/alerts?:/)
    expect(first.out.trim().split('\n')).toHaveLength(2)
    expect(fs.existsSync(jsonl)).toBe(false)
    expect(cachedAlerts().length).toBeGreaterThan(0)
    expect(cachedAlerts().every((alert) => alert.is_historical === 1)).toBe(true)
  })

  it('prints the alerts a later sync raised and appends one JSON object per alert', async () => {
    fs.writeFileSync(jsonl, '{"kept":"a line another tool wrote"}\n')
    const key = server.appendLiveAuditEvent('api_key.created')
    const role = server.appendLiveAuditEvent('member.role_changed')
    const second = await sync('--alerts-jsonl', jsonl)
    expect(second.code).toBe(0)
    expect(second.out).toMatch(/^alerts: 2 alerts raised \(2 high\)$/m)
    expect(second.out).toMatch(/^severity\s+rule\s+occurred \(UTC\)\s+actor\s+action/m)
    expect(second.out).toMatch(/^high\s+New API key created\s+\d{4}-\d\d-\d\dT[\d:.]+Z\s+\S+@/m)
    const lines = fs.readFileSync(jsonl, 'utf8').split('\n')
    expect(lines.at(-1)).toBe('')
    expect(lines[0]).toBe('{"kept":"a line another tool wrote"}')
    const records = lines.slice(1, -1).map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(records.map((record) => record.event_id)).toEqual([key?.id, role?.id])
    expect(records[0]).toMatchObject({
      rule_id: 'builtin.api-key-created',
      rule_name: 'New API key created',
      severity: 'high',
      organization: { id: server.organization.id, name: server.organization.name },
      action: 'api_key.created',
      status: 'success',
      resource: { type: 'api_key' },
    })
    expect(records[0]?.occurred_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(records[0]?.actor).toMatchObject({ id: expect.stringMatching(/^usr_/) as string })
    // Nothing new: nothing printed or appended again.
    const third = await sync('--alerts-jsonl', jsonl)
    expect(third.out).not.toMatch(/alerts?:/)
    expect(fs.readFileSync(jsonl, 'utf8').split('\n')).toHaveLength(4)
  })

  it('lists 20 alerts and counts the rest', async () => {
    for (let index = 0; index < 23; index++) server.appendLiveAuditEvent('api_key.created')
    const result = await sync()
    expect(result.out).toMatch(/^alerts: 23 alerts raised \(23 high\)$/m)
    expect(result.out.match(/^high\s+New API key created/gm)).toHaveLength(20)
    expect(result.out).toMatch(/^… and 3 more, all in the app's Monitoring › Alerts$/m)
  })

  it('names the file it cannot write, exits 1, and keeps the synced events and alerts', async () => {
    const unwritable = path.join(temp.dir, 'no-such-folder', 'alerts.jsonl')
    const key = server.appendLiveAuditEvent('api_key.created')
    const result = await sync('--alerts-jsonl', unwritable)
    expect(result.code).toBe(1)
    expect(result.out).toMatch(/^audit-events: complete, 1 new/m)
    expect(result.out).toMatch(/^alerts: 1 alert raised \(1 high\)$/m)
    expect(result.err).toBe(
      `audit-desk sync: could not append 1 alert to ${unwritable} (ENOENT); the synced events and the alerts are kept in the cache (the app's Monitoring › Alerts). Choose a file you can write to.\n`,
    )
    expect(cachedAlerts().at(-1)).toEqual({ event_id: key?.id, is_historical: 0 })
    // The next sync does not raise it again.
    expect((await sync()).out).not.toMatch(/alerts?:/)
  })

  it('refuses an empty --alerts-jsonl as a usage error', async () => {
    const result = await sync('--alerts-jsonl', '')
    expect(result.code).toBe(2)
    expect(result.err).toMatch(/--alerts-jsonl needs a file name/)
  })
})
