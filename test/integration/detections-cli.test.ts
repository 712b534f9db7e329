// `audit-desk findings`: the detections on a synced cache, printed as a table or as JSON with the
// evidence ids; `audit-desk sync` runs them after syncing; --country-db is checked before use.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main'
import { defaultCountryDatabaseFile } from '../../src/core/geo/ip-countries'
import { startDemoServer, type DemoServer } from '../../src/demo-org/index'
import { fakeIo } from '../helpers/fake-io'
import { makeTempDir } from '../helpers/temp-dir'

type Printed = {
  id: string
  ruleId: string
  ruleVersion: number
  severity: string
  window: { start: string; end: string }
  actors: { id: string; label: string | null }[]
  ipAddresses: string[]
  apiKeys: { id: string; label: string | null }[]
  explanation: string
  evidence: { auditEventIds: string[]; requestLogIds: string[] }
}

describe('audit-desk findings', () => {
  let server: DemoServer
  let temp: ReturnType<typeof makeTempDir>
  let db: string
  beforeAll(async () => {
    server = await startDemoServer({ seed: 5, auditEvents: 6000, requestLogs: 20_000, days: 20 })
    temp = makeTempDir()
    db = path.join(temp.dir, 'cache.sqlite')
    const io = fakeIo('/nonexistent', { AUDIT_DESK_API_KEY: server.keys.full })
    expect(await runCli(['sync', '--url', server.url, '--db', db], io)).toBe(0)
  }, 120_000)
  afterAll(async () => {
    await server.close()
    temp.remove()
  })

  const findings = async (...args: string[]) => {
    const io = fakeIo('/nonexistent')
    const code = await runCli(['findings', '--db', db, ...args], io)
    return { code, out: io.out.join(''), err: io.err.join('') }
  }

  it('prints every finding the sync’s detections stored, as JSON with rule, window and evidence ids', async () => {
    const { code, out } = await findings('--format', 'json')
    expect(code).toBe(0)
    const printed = JSON.parse(out) as Printed[]
    const incident = server.groundTruth.incidents.find(
      (each) => each.scenario === 'bulk-template-deletion',
    )
    const bulk = printed.find((each) => each.ruleId === 'bulk-template-deletion')
    expect(bulk).toMatchObject({ ruleVersion: 1, severity: 'high' })
    expect(bulk?.evidence.auditEventIds.sort()).toEqual([...(incident?.auditEventIds ?? [])].sort())
    expect(bulk?.window.start).toBe(incident?.window.start)
    expect(bulk?.explanation).toMatch(/deleted \d+ templates within/)
    const leak = printed.find((each) => each.ruleId === 'api-key-new-ip')
    expect(leak?.apiKeys[0]?.id).toBe(
      server.groundTruth.incidents.find((each) => each.scenario === 'leaked-api-key')?.apiKeys[0]
        ?.id,
    )
    expect(leak?.evidence.requestLogIds.length).toBeGreaterThan(0)
    // Printing again runs nothing new and prints the same findings.
    expect((await findings('--format', 'json')).out).toBe(out)
  })

  it('prints a table and the explanations, within --from and --to', async () => {
    const all = JSON.parse((await findings('--format', 'json')).out) as Printed[]
    const brute = all.find((each) => each.ruleId === 'failed-login-spike-user')
    const from = brute?.window.start.slice(0, 10) ?? ''
    const next = new Date(Date.parse(from) + 86_400_000).toISOString().slice(0, 10)
    const { code, out } = await findings('--from', from, '--to', next)
    expect(code).toBe(0)
    expect(out).toMatch(/^window start\s+severity\s+rule\s+involved\s+evidence\s+id/)
    expect(out).toContain(`failed-login-spike-user v2`)
    expect(out).toContain(`${brute?.id ?? ''}: ${brute?.explanation ?? ''}`)
    const shown = out.match(/^\d{4}-\d\d-\d\dT/gm) ?? []
    expect(shown.length).toBe(
      all.filter((each) => each.window.end >= from && each.window.start < next).length,
    )
  })

  it('checks --country-db before touching the cache, and uses a good one', async () => {
    const text = path.join(temp.dir, 'countries.csv')
    fs.writeFileSync(text, 'not a database')
    const bad = await findings('--country-db', text)
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(
      /countries\.csv cannot be used as the country database: it is not an MMDB database/,
    )
    const copy = path.join(temp.dir, 'GeoLite-like.mmdb')
    fs.copyFileSync(defaultCountryDatabaseFile(), copy)
    const good = await findings('--country-db', copy, '--format', 'json')
    expect(good.code).toBe(0)
    expect((JSON.parse(good.out) as Printed[]).length).toBeGreaterThan(0)
  })

  it('explains usage errors and a missing cache', async () => {
    const io = fakeIo('/nonexistent')
    expect(await runCli(['findings'], io)).toBe(2)
    expect(io.err.join('')).toMatch(/--db is required/)
    expect((await findings('--format', 'csv')).err).toMatch(/--format must be table or json/)
    const missing = fakeIo('/nonexistent')
    expect(await runCli(['findings', '--db', path.join(temp.dir, 'none.sqlite')], missing)).toBe(1)
    expect(missing.err.join('')).toMatch(
      /There is no cache at .*none\.sqlite\. Run `audit-desk sync/,
    )
  })
})
