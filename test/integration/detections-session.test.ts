// The detections and findings through the dispatcher, as the Monitoring view uses them: the
// demo organization synced in the background (the detections run after the sync and announce
// their findings), the list and its filters, a reviewer's status stamped with who and when,
// "mark reviewed" and what is new since, thresholds, evidence through the `finding` filter,
// and the country database setting with and without a host file picker.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDispatcher } from '../../src/core/dispatcher'
import { defaultCountryDatabaseFile } from '../../src/core/geo/ip-countries'
import { silentLogger } from '../../src/core/ports'
import { databaseFileName } from '../../src/core/store/database'
import { startDemoServer, type DemoServer } from '../../src/demo-org/index'
import type { MethodName } from '../../src/shared/method-names'
import type { Finding } from '../../src/shared/findings-schemas'
import { makeTempDir } from '../helpers/temp-dir'
import { makeTestCore } from '../helpers/test-core'

let temp: ReturnType<typeof makeTempDir>
let demo: DemoServer
let session: ReturnType<typeof makeTestCore>
let now = Date.UTC(2026, 10, 26, 12)
let picked: string | undefined
let call: (method: MethodName, input: unknown) => Promise<unknown>
let connectionId = ''

type Answer =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; error: { code: string; message: string } }

async function value<T = Record<string, unknown>>(
  method: MethodName,
  input: unknown = {},
): Promise<T> {
  const result = (await call(method, input)) as Answer
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
  return result.value as T
}

async function refusal(
  method: MethodName,
  input: unknown,
): Promise<{ code: string; message: string }> {
  const result = (await call(method, input)) as Answer
  if (result.ok) throw new Error(`${method} unexpectedly succeeded`)
  return result.error
}

type List = {
  findings: Finding[]
  total: number
  newCount: number
  reviewedAt: number | null
  reviewedBy: string | null
  lastRunAt: number | null
  unknownRuleCount?: number
}

beforeAll(async () => {
  temp = makeTempDir()
  demo = await startDemoServer({ seed: 3, auditEvents: 4_000, requestLogs: 8_000, days: 30 })
  session = makeTestCore(temp.dir, {
    clock: () => now,
    demo: { start: () => Promise.resolve({ url: demo.url, apiKey: demo.keys.full }) },
    pickCountryDatabase: () => Promise.resolve(picked),
  })
  const dispatch = createDispatcher(session.core.handlers, silentLogger)
  call = (method, input) => dispatch(method, input)
  connectionId = (await value<{ connectionId: string }>('demo.start')).connectionId
  for (
    let waited = 0;
    !session.events.some((event) => event.name === 'sync.finished');
    waited += 50
  ) {
    if (waited > 90_000) throw new Error('the demo sync did not finish')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}, 120_000)

afterAll(async () => {
  session.core.close()
  await demo.close()
  temp.remove()
})

describe('findings in the app', () => {
  it('runs the detections after the sync and announces what they found before the sync ends', async () => {
    const names = session.events.map((event) => event.name)
    expect(names.indexOf('findings.changed')).toBeGreaterThanOrEqual(0)
    expect(names.indexOf('findings.changed')).toBeLessThan(names.indexOf('sync.finished'))
    const list = await value<List>('findings.list', { connectionId })
    expect(list.total).toBeGreaterThanOrEqual(7)
    expect(list.lastRunAt).toBe(now)
    expect(list.newCount).toBe(list.total)
    expect(list.findings.every((finding) => finding.isNew && finding.status === 'open')).toBe(true)
    const rules = new Set(list.findings.map((finding) => finding.ruleId))
    for (const rule of [
      'password-spraying',
      'bulk-template-deletion',
      'privilege-escalation',
      'api-key-new-ip',
    ])
      expect(rules).toContain(rule)
    const high = await value<List>('findings.list', {
      connectionId,
      severities: ['high'],
      ruleIds: ['bulk-template-deletion'],
    })
    expect(high.findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([
      ['bulk-template-deletion', 'high'],
    ])
  })

  it('opens exactly a finding’s evidence with the finding filter', async () => {
    const list = await value<List>('findings.list', { connectionId, ruleIds: ['api-key-new-ip'] })
    const finding = list.findings[0]
    const filter = { connectionId, finding: finding?.id }
    const rows = await value<{ rows: { id: string }[] }>('logs.query', {
      stream: 'request-logs',
      filter,
      limit: 1000,
    })
    expect(rows.rows).toHaveLength(finding?.evidence.requestLogs ?? -1)
    const leak = demo.groundTruth.incidents.find(
      (incident) => incident.scenario === 'leaked-api-key',
    )
    expect(rows.rows.every((row) => leak?.requestLogIds.includes(row.id))).toBe(true)
    expect(
      await refusal('logs.query', { stream: 'audit-events', filter: { finding: 'fnd_nope' } }),
    ).toMatchObject({ code: 'invalid_input' })
  })

  it('stamps a status with the reviewer and the time, and needs a note for a false positive', async () => {
    await value('settings.set', { reviewerName: 'Rita Auditor' })
    const [finding] = (
      await value<List>('findings.list', { connectionId, ruleIds: ['privilege-escalation'] })
    ).findings
    const id = finding?.id ?? ''
    const noNote = await refusal('findings.setStatus', {
      connectionId,
      findingId: id,
      status: 'false_positive',
    })
    expect(noNote.message).toMatch(/note/)
    now += 60_000
    const marked = await value<{ finding: Finding }>('findings.setStatus', {
      connectionId,
      findingId: id,
      status: 'false_positive',
      note: 'Approved ownership transfer, ticket OPS-12',
    })
    expect(marked.finding).toMatchObject({
      status: 'false_positive',
      statusBy: 'Rita Auditor',
      statusAt: now,
      statusNote: 'Approved ownership transfer, ticket OPS-12',
    })
    const falsePositives = await value<List>('findings.list', {
      connectionId,
      statuses: ['false_positive'],
    })
    expect(falsePositives.findings.map((each) => each.id)).toEqual([id])
    // A re-run keeps it.
    await value('detections.run', { connectionId })
    expect(
      (await value<List>('findings.list', { connectionId, statuses: ['false_positive'] })).total,
    ).toBe(1)
    const unknown = await refusal('findings.setStatus', {
      connectionId,
      findingId: 'fnd_000000000000000000000000',
      status: 'acknowledged',
    })
    expect(unknown.code).toBe('not_found')
  })

  it('marks the list reviewed, then shows only later findings as new', async () => {
    now += 60_000
    const reviewed = await value<{ reviewedAt: number; reviewedBy: string }>(
      'findings.markReviewed',
      { connectionId },
    )
    expect(reviewed).toEqual({ reviewedAt: now, reviewedBy: 'Rita Auditor' })
    let list = await value<List>('findings.list', { connectionId })
    expect(list.newCount).toBe(0)
    expect(list.findings.some((finding) => finding.isNew)).toBe(false)
    // Lower a threshold: the re-run finds more, and only those are new.
    now += 60_000
    await value('detections.setSettings', {
      ruleId: 'bulk-template-deletion',
      thresholds: { minimumDeletions: 2, windowMinutes: 1440 },
    })
    const run = await value<{ isFull: boolean; added: number }>('detections.run', { connectionId })
    expect(run.isFull).toBe(true)
    list = await value<List>('findings.list', { connectionId })
    expect(list.newCount).toBe(run.added)
    expect(list.newCount).toBeGreaterThan(0)
    const fresh = await value<List>('findings.list', { connectionId, isNewOnly: true })
    expect(
      fresh.findings.every(
        (finding) => finding.isNew && finding.ruleId === 'bulk-template-deletion',
      ),
    ).toBe(true)
  })

  it('lists the rules with their thresholds and refuses a threshold out of bounds, naming it', async () => {
    const { rules } = await value<{
      rules: { id: string; thresholds: Record<string, number>; updatedBy: string | null }[]
    }>('detections.getSettings')
    expect(rules).toHaveLength(10)
    expect(rules.find((rule) => rule.id === 'bulk-template-deletion')).toMatchObject({
      thresholds: { minimumDeletions: 2, windowMinutes: 1440 },
      updatedBy: 'Rita Auditor',
    })
    const tooLow = await refusal('detections.setSettings', {
      ruleId: 'password-spraying',
      thresholds: { minimumAccounts: 1 },
    })
    expect(tooLow).toMatchObject({
      code: 'invalid_input',
      message: 'Accounts failing from one address: enter a whole number from 3 to 100000 accounts.',
    })
    const unknown = await refusal('detections.setSettings', {
      ruleId: 'password-spraying',
      thresholds: { speed: 3 },
    })
    expect(unknown.message).toMatch(/has no threshold "speed"/)
    const reset = await value<{ rules: { id: string; thresholds: Record<string, number> }[] }>(
      'detections.setSettings',
      { ruleId: 'bulk-template-deletion', isReset: true },
    )
    expect(reset.rules.find((rule) => rule.id === 'bulk-template-deletion')?.thresholds).toEqual({
      minimumDeletions: 20,
      windowMinutes: 10,
    })
  })

  it('chooses a country database through the host’s picker, and reports a cancelled pick', async () => {
    expect(await value('countryDatabase.get')).toMatchObject({
      source: 'packaged',
      canChoose: true,
      problem: null,
    })
    picked = undefined
    expect(await value('countryDatabase.choose')).toMatchObject({
      isCancelled: true,
      source: 'packaged',
    })
    picked = path.join(temp.dir, 'newer.mmdb')
    fs.copyFileSync(defaultCountryDatabaseFile(), picked)
    expect(await value('countryDatabase.choose')).toMatchObject({
      isCancelled: false,
      source: 'file',
      file: picked,
    })
    picked = path.join(temp.dir, 'notes.txt')
    fs.writeFileSync(picked, 'hello')
    expect((await refusal('countryDatabase.choose', {})).message).toMatch(
      /notes\.txt cannot be used as the country database/,
    )
    expect(await value('countryDatabase.useDefault')).toMatchObject({
      source: 'packaged',
      file: null,
    })
  })
})

describe('a finding of a rule this build does not know', () => {
  it('is left out of the list, which says how many it left out, and cannot be reviewed', async () => {
    const before = await value<List>('findings.list', { connectionId })
    expect(before.unknownRuleCount).toBeUndefined()
    const copied = before.findings[0]?.id ?? ''
    const future = 'fnd_ffffffffffffffffffffffff'
    // As a newer build would have stored it: a finding of a rule added after this one.
    const cache = new Database(path.join(temp.dir, databaseFileName))
    cache
      .prepare(
        `INSERT INTO findings SELECT @future, connection_id, 'rule-of-a-newer-build', rule_version,
           severity, window_start, window_end, subjects, explanation, measurements, thresholds,
           audit_evidence, request_evidence, is_truncated, content_hash, detected_at, updated_at,
           status, status_note, status_by, status_at
         FROM findings WHERE id = @copied`,
      )
      .run({ future, copied })
    cache.close()
    const after = await value<List>('findings.list', { connectionId })
    expect(after.findings.map((finding) => finding.id)).toEqual(
      before.findings.map((finding) => finding.id),
    )
    expect(after).toMatchObject({ total: before.total + 1, unknownRuleCount: 1 })
    const refused = await refusal('findings.setStatus', {
      connectionId,
      findingId: future,
      status: 'acknowledged',
    })
    expect(refused.message).toContain('a detection rule this version of Audit Desk does not know')
  })
})

describe('a host without a file picker', () => {
  it('says how to use another country database instead', async () => {
    const other = makeTestCore(path.join(temp.dir, 'browser'))
    const dispatch = createDispatcher(other.core.handlers, silentLogger)
    const result = (await dispatch('countryDatabase.choose', {})) as Answer
    other.core.close()
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    if (!result.ok) expect(result.error.message).toContain('audit-desk serve --country-db FILE')
  })
})
