// The conformance suite (test/conformance) against the demo server, against its own fixture
// server, against servers broken on purpose (so every failure mode is proven to be caught), and
// through its command line.
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseFaults, startDemoServer, type DemoServer } from '../../src/demo-org/index'
import type { CheckResult, ConformanceReport } from '../conformance/report'
import { startFixtureServer, type FixtureServer } from '../conformance/fixture-server'
import { runConformance } from '../conformance/run-conformance'
import { brokenServers } from '../conformance/broken-servers'
import { startTamperingProxy } from '../conformance/tampering-proxy'

const demoSizes = { seed: 7, auditEvents: 1500, requestLogs: 3000, days: 10 }
const noWait = () => Promise.resolve()

const failures = (report: ConformanceReport): CheckResult[] =>
  report.checks.filter((check) => check.outcome === 'fail')

const outcomeOf = (report: ConformanceReport, name: string): CheckResult | undefined =>
  report.checks.find((check) => check.name.includes(name))

const expiryCheck = 'an expired cursor answers 410'

describe('the conformance suite against the demo server', () => {
  let demo: DemoServer

  beforeAll(async () => {
    demo = await startDemoServer(demoSizes)
  })
  afterAll(async () => {
    await demo.close()
  })

  it('passes every check, and skips only the opt-in cursor expiry', async () => {
    const report = await runConformance({
      url: demo.url,
      apiKey: demo.keys.full,
      noScopeApiKey: demo.keys.noScope,
      revokedApiKey: demo.keys.revoked,
      appendEvents: () => {
        demo.appendLiveActivity(5)
      },
      sleep: noWait,
    })
    expect(failures(report)).toEqual([])
    expect(
      report.checks.filter((check) => check.outcome === 'skipped').map((check) => check.name),
    ).toEqual([expect.stringContaining(expiryCheck)])
    expect(report.passed).toBeGreaterThan(50)
  }, 120_000)

  it('passes despite the faults the contract allows: re-delivery, 5xx, 429, cut connections', async () => {
    const faults = parseFaults('repeat=0.2,error-rate=0.05,burst-429=40,truncate=0.05')
    const faulty = await startDemoServer({ ...demoSizes, faults })
    try {
      const report = await runConformance({
        url: faulty.url,
        apiKey: faulty.keys.full,
        maxEvents: 600,
        sleep: noWait,
      })
      expect(failures(report)).toEqual([])
      const errors = outcomeOf(report, 'error bodies')?.detail ?? ''
      expect(Number(/^(\d+) error responses/.exec(errors)?.[1])).toBeGreaterThan(100)
    } finally {
      await faulty.close()
    }
  }, 120_000)
})

describe('the conformance suite against a demo server whose cursor expires', () => {
  it('checks the 410 path: cursor_expired with oldest_available_at, then since recovers', async () => {
    const demo = await startDemoServer({ ...demoSizes, faults: { expireCursorAt: 3 } })
    try {
      const report = await runConformance({
        url: demo.url,
        apiKey: demo.keys.full,
        expectCursorExpiry: true,
        maxEvents: 300,
        sleep: noWait,
      })
      expect(outcomeOf(report, expiryCheck)).toMatchObject({ outcome: 'pass' })
      // Page 1 carries no cursor, so the third request with a cursor is page 4.
      expect(outcomeOf(report, expiryCheck)?.detail).toContain('410 on page 4')
      expect(failures(report)).toEqual([])
    } finally {
      await demo.close()
    }
  }, 120_000)

  it('fails the 410 check when the server never expires a cursor', async () => {
    const fixture = await startFixtureServer({ auditEvents: 40, requestLogs: 40 })
    try {
      const report = await runConformance({
        url: fixture.url,
        apiKey: fixture.keys.full,
        expectCursorExpiry: true,
        sleep: noWait,
      })
      expect(outcomeOf(report, expiryCheck)).toMatchObject({ outcome: 'fail' })
    } finally {
      await fixture.close()
    }
  })
})

describe('the conformance suite against broken servers', () => {
  const runAgainst = async (fixture: FixtureServer, url: string) =>
    runConformance({
      url,
      apiKey: fixture.keys.full,
      noScopeApiKey: fixture.keys.noScope,
      revokedApiKey: fixture.keys.revoked,
      appendEvents: () => {
        fixture.appendEvents(2)
      },
      sleep: noWait,
    })

  it('passes every check against its own contract-following fixture server', async () => {
    const fixture = await startFixtureServer({ auditEvents: 60, requestLogs: 80 })
    try {
      const report = await runAgainst(fixture, fixture.url)
      expect(failures(report)).toEqual([])
      expect(report.skipped).toBe(1)
    } finally {
      await fixture.close()
    }
  })

  it.each(brokenServers)('fails "$failing" for a server that $broken', async (item) => {
    const fixture = await startFixtureServer({ auditEvents: 60, requestLogs: 80 })
    const proxy = await startTamperingProxy(fixture.url, item.tamper)
    try {
      const report = await runAgainst(fixture, proxy.url)
      expect(outcomeOf(report, item.failing)).toMatchObject({ outcome: 'fail' })
    } finally {
      await proxy.close()
      await fixture.close()
    }
  })
})

/** Runs the CLI as a user would, with keys only in the environment. */
function runCli(
  args: string[],
  environment: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/conformance/cli.ts', ...args], {
      env: { ...process.env, AUDIT_DESK_API_KEY: '', ...environment },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      resolve({ code, stdout, stderr })
    })
  })
}

describe('the conformance command line', () => {
  let fixture: FixtureServer

  beforeAll(async () => {
    fixture = await startFixtureServer({ auditEvents: 60, requestLogs: 80 })
  })
  afterAll(async () => {
    await fixture.close()
  })

  it('prints one line per check and the totals last, and exits 0 when all pass', async () => {
    const result = await runCli(['--url', fixture.url], { AUDIT_DESK_API_KEY: fixture.keys.full })
    const lines = result.stdout.trim().split('\n')
    expect(result.code).toBe(0)
    expect(lines.at(-1)).toMatch(/^\d+ passed, 0 failed, \d+ skipped$/)
    expect(lines.slice(0, -1).every((line) => /^(PASS|FAIL|SKIP) {2}\S/.test(line))).toBe(true)
    expect(lines.filter((line) => line.startsWith('SKIP'))).toHaveLength(5)
  })

  it('exits 1 when a check fails', async () => {
    const proxy = await startTamperingProxy(fixture.url, (exchange) => {
      if (exchange.status === 404) exchange.status = 400
    })
    try {
      const result = await runCli(['--url', proxy.url], { AUDIT_DESK_API_KEY: fixture.keys.full })
      expect(result.code).toBe(1)
      expect(result.stdout).toMatch(/^FAIL {2}404 not_found for an unknown path/m)
      expect(result.stdout.trim().split('\n').at(-1)).toMatch(
        /^\d+ passed, [1-9]\d* failed, \d+ skipped$/,
      )
    } finally {
      await proxy.close()
    }
  })

  it.each([
    {
      why: 'the key is missing from the environment',
      args: ['--url', 'http://127.0.0.1:9'],
      key: '',
    },
    {
      why: 'a key is passed as a flag',
      args: ['--url', 'http://127.0.0.1:9', '--key', 'k'],
      key: 'k',
    },
    { why: '--url is missing', args: [], key: 'k' },
    { why: 'plain HTTP goes to a remote host', args: ['--url', 'http://example.com'], key: 'k' },
    {
      why: '--max-events is not a positive integer',
      args: ['--url', 'http://127.0.0.1:9', '--max-events', '0'],
      key: 'k',
    },
  ])('exits 2 when $why', async ({ args, key }) => {
    const result = await runCli(args, { AUDIT_DESK_API_KEY: key })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Usage: npm run conformance')
    expect(result.stdout).toBe('')
  })
})
