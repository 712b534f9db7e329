import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main'
import { startDemoServer, type DemoServer } from '../../src/demo-org/index'
import { fakeIo, type FakeIo } from '../helpers/fake-io'
import { makeTempDir } from '../helpers/temp-dir'

describe('audit-desk sync and query', () => {
  let server: DemoServer
  let temp: ReturnType<typeof makeTempDir>
  let db: string
  beforeAll(async () => {
    server = await startDemoServer({ seed: 3, auditEvents: 1500, requestLogs: 2000, days: 6 })
    temp = makeTempDir()
    db = path.join(temp.dir, 'cache.sqlite')
  })
  afterAll(async () => {
    await server.close()
    temp.remove()
  })

  const io = (env: Record<string, string> = { AUDIT_DESK_API_KEY: server.keys.full }) =>
    fakeIo('/nonexistent', env)

  it('syncs both streams, prints a summary line each, and pulls nothing new the second time', async () => {
    const first = io()
    expect(await runCli(['sync', '--url', server.url, '--db', db], first)).toBe(0)
    const lines = first.out.join('').trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(
      new RegExp(
        `^audit-events: complete, ${server.counts.auditEvents.toLocaleString('en-US')} new, 0 duplicates, 0 conflicts, 0 quarantined, 0 gaps`,
      ),
    )
    expect(lines[1]).toMatch(/^request-logs: complete, [\d,]+ new/)
    const second = io()
    expect(await runCli(['sync', '--url', server.url, '--db', db], second)).toBe(0)
    expect(second.out.join('')).toMatch(/audit-events: complete, 0 new/)
  })

  it('prints the raw JSON of each event as jsonl, newest first', async () => {
    const out = io()
    expect(await runCli(['query', '--db', db, '--limit', '5', '--format', 'jsonl'], out)).toBe(0)
    const lines = out.out.join('').trim().split('\n')
    expect(lines).toHaveLength(5)
    const events = lines.map((line) => JSON.parse(line) as { occurred_at: string; id: string })
    const times = events.map((event) => event.occurred_at)
    expect([...times].sort().reverse()).toEqual(times)
  })

  it('filters with --action prefix and --status, as json', async () => {
    const out = io()
    expect(
      await runCli(
        [
          'query',
          '--db',
          db,
          '--action',
          'user.*',
          '--status',
          'failure',
          '--format',
          'json',
          '--limit',
          '1000',
        ],
        out,
      ),
    ).toBe(0)
    const rows = JSON.parse(out.out.join('')) as { action: string; status: string }[]
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      expect(row.action.startsWith('user.')).toBe(true)
      expect(row.status).toBe('failure')
    }
  })

  it('prints a table with a count line', async () => {
    const out = io()
    expect(
      await runCli(
        ['query', '--db', db, '--stream', 'request-logs', '--status', '5xx', '--limit', '3'],
        out,
      ),
    ).toBe(0)
    expect(out.out.join('')).toMatch(/^occurred_at\s+method\s+endpoint/)
    expect(out.out.join('')).toMatch(/\n\d events?\n$/)
  })

  it('exits 1 with the reason on one line when the key is refused', async () => {
    const refused = io({ AUDIT_DESK_API_KEY: server.keys.revoked })
    expect(await runCli(['sync', '--url', server.url, '--db', db], refused)).toBe(1)
    expect(refused.err).toHaveLength(1)
    expect(refused.err[0]).toMatch(/^audit-desk sync: The API key was refused \(401\)/)
    expect(refused.err.join('')).not.toContain(server.keys.revoked)
  })

  it.each([
    [
      'no API key and no terminal',
      ['sync', '--url', 'http://127.0.0.1:1', '--db', 'x.sqlite'],
      {},
      /AUDIT_DESK_API_KEY/,
    ],
    [
      'a bad --since',
      ['sync', '--url', 'http://127.0.0.1:1', '--db', 'x.sqlite', '--since', 'yesterday'],
      undefined,
      /--since must be/,
    ],
    [
      'a bad --stream',
      ['sync', '--url', 'http://127.0.0.1:1', '--db', 'x.sqlite', '--stream', 'both'],
      undefined,
      /--stream must be/,
    ],
    ['a bad --status', ['query', '--db', 'x.sqlite', '--status', 'ok'], undefined, /--status/],
    [
      'a bad --format',
      ['query', '--db', 'x.sqlite', '--format', 'csv'],
      undefined,
      /--format must be/,
    ],
  ])('exits 2 on %s', async (_, args, env, message) => {
    const out = env === undefined ? io() : fakeIo('/nonexistent', env)
    expect(await runCli(args, out)).toBe(2)
    expect(out.err.join('')).toMatch(message)
  })

  it('refuses plain HTTP to a remote host, naming the fix', async () => {
    const out = io()
    expect(
      await runCli(
        ['sync', '--url', 'http://api.example.com', '--db', path.join(temp.dir, 'other.sqlite')],
        out,
      ),
    ).toBe(1)
    expect(out.err.join('')).toMatch(/HTTPS is required for api\.example\.com/)
  })

  it('says how to create a cache when querying a missing file', async () => {
    const out = io()
    expect(await runCli(['query', '--db', path.join(temp.dir, 'missing.sqlite')], out)).toBe(1)
    expect(out.err.join('')).toMatch(
      /There is no cache at .*missing\.sqlite\. Run `audit-desk sync/,
    )
  })

  it('verifies every cached day against the server and prints a row per day', async () => {
    const out = io()
    expect(
      await runCli(['verify', '--url', server.url, '--db', db, '--stream', 'audit-events'], out),
    ).toBe(0)
    const text = out.out.join('')
    expect(text).toMatch(/^day\s+stream\s+status\s+cached\s+server\s+digest\s+detail/)
    expect(text).toMatch(/\d{4}-\d{2}-\d{2}\s+audit-events\s+verified\s+\d+\s+\d+\s+valid/)
    expect(text).toMatch(/\d+ verified, 0 mismatched, \d+ unverified days; 0 invalid digests\n$/)
  })

  it('exits 1 when verification could not run, never 0 with nothing checked', async () => {
    const out = io({ AUDIT_DESK_API_KEY: server.keys.revoked })
    expect(await runCli(['verify', '--url', server.url, '--db', db], out)).toBe(1)
    expect(out.err.join('')).toMatch(/API key was refused \(401\)/)
  })

  it('finds a tampered day (exit 1), and --repair re-syncs and verifies it (exit 0)', async () => {
    const Database = (await import('better-sqlite3')).default
    const raw = new Database(db)
    const victim = raw
      .prepare<[], { row_id: number; occurred_at: number }>(
        'SELECT row_id, occurred_at FROM audit_events ORDER BY seq LIMIT 1 OFFSET 100',
      )
      .get()
    raw.prepare('DELETE FROM audit_events WHERE row_id = ?').run(victim?.row_id ?? 0)
    raw.close()
    const day = new Date(victim?.occurred_at ?? 0).toISOString().slice(0, 10)
    const found = io()
    expect(
      await runCli(['verify', '--url', server.url, '--db', db, '--stream', 'audit-events'], found),
    ).toBe(1)
    expect(found.out.join('')).toMatch(new RegExp(`${day}\\s+audit-events\\s+mismatched`))
    const repaired = io()
    expect(
      await runCli(
        ['verify', '--url', server.url, '--db', db, '--stream', 'audit-events', '--repair'],
        repaired,
      ),
    ).toBe(0)
    expect(repaired.out.join('')).toMatch(new RegExp(`${day}\\s+audit-events\\s+verified`))
  })

  it('follows: after catching up it polls and prints new events as they arrive', async () => {
    const followDb = path.join(temp.dir, 'follow.sqlite')
    const out: FakeIo = io()
    const exit = runCli(
      [
        'sync',
        '--url',
        server.url,
        '--db',
        followDb,
        '--follow',
        '--interval',
        '1',
        '--stream',
        'audit-events',
      ],
      out,
    )
    await waitForOutput(out, /audit-events: complete, [\d,]+ new/)
    server.appendLiveActivity(7)
    await waitForOutput(out, /audit-events: complete, 7 new/)
    out.stop('SIGINT')
    expect(await exit).toBe(0)
  })
})

async function waitForOutput(io: FakeIo, pattern: RegExp): Promise<void> {
  for (let attempt = 0; attempt < 1500; attempt += 1) {
    if (pattern.test(io.out.join(''))) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`no output matching ${String(pattern)}: ${io.out.join('')}${io.err.join('')}`)
}
