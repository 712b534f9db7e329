// Exports and packs through the dispatcher, as the renderer starts them: a job per export, its
// progress and end as events, the file exactly the filtered rows, recorded in the reviewer
// activity log; a cancelled save dialog, a failed write and a cancel leave no file behind.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CoreEvent } from '../../src/shared/contract'
import type { ExportJob } from '../../src/shared/export-schemas'
import type { MethodName } from '../../src/shared/method-names'
import { createDispatcher } from '../../src/core/dispatcher'
import { silentLogger, type CorePorts } from '../../src/core/ports'
import { openDatabase } from '../../src/core/store/database'
import { auditEventJson, requestLogJson } from '../../src/core/sync/test-events'
import { loadEvents } from '../helpers/load-events'
import { makeTempDir } from '../helpers/temp-dir'
import { makeTestCore } from '../helpers/test-core'

let temp: ReturnType<typeof makeTempDir>
let connectionId: string
let session: ReturnType<typeof makeTestCore> | undefined
const waiting = new Map<string, (job: ExportJob) => void>()
const finishedJobs = new Map<string, ExportJob>()

function seed(auditCount: number): void {
  const opened = openDatabase(temp.dir, 0)
  const audit = Array.from({ length: auditCount }, (_, index) =>
    auditEventJson(index + 1, {
      status: index % 3 === 0 ? 'failure' : 'success',
      failure_reason: index % 3 === 0 ? 'invalid_password' : null,
      user_agent: index === 3 ? '=HYPERLINK("http://evil.example")' : 'Mozilla/5.0',
    }),
  )
  connectionId = loadEvents(opened, audit, [requestLogJson(1)])
  opened.close()
}

function start(overrides: Partial<CorePorts> = {}) {
  const emit = (event: CoreEvent) => {
    if (event.name !== 'exports.finished') return
    finishedJobs.set(event.payload.id, event.payload)
    waiting.get(event.payload.id)?.(event.payload)
  }
  session = makeTestCore(temp.dir, { reviewer: () => 'ana.auditor', emit, ...overrides })
  const dispatch = createDispatcher(session.core.handlers, silentLogger)
  return async (method: MethodName, input: unknown): Promise<Record<string, unknown>> => {
    const result = (await dispatch(method, input)) as
      | { ok: true; value: Record<string, unknown> }
      | { ok: false; error: { code: string; message: string } }
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
    return result.value
  }
}

/** Resolves with the job once it has finished (at once when it already has). */
function finished(job: ExportJob): Promise<ExportJob> {
  const known = finishedJobs.get(job.id)
  if (known !== undefined) return Promise.resolve(known)
  if (job.state !== 'running') return Promise.resolve(job)
  return new Promise((resolve) => waiting.set(job.id, resolve))
}

beforeEach(() => {
  temp = makeTempDir()
  waiting.clear()
  finishedJobs.clear()
})

afterEach(() => {
  session?.core.close()
  session = undefined
  temp.remove()
})

describe('exports.start', () => {
  it('writes exactly the filtered rows, says so in the job, and records it in the activity log', async () => {
    seed(30)
    const call = start()
    const filter = { connectionId, status: 'failure' }
    const counted = await call('logs.count', { stream: 'audit-events', filter })
    const started = await call('exports.start', {
      stream: 'audit-events',
      filter,
      format: 'csv',
      shownCount: counted.count,
    })
    const job = await finished(started.job as ExportJob)
    expect(job.state).toBe('succeeded')
    expect(job.result?.rows).toBe(counted.count)
    expect(job.result?.note).toBeNull()
    const file = job.result?.savedTo ?? ''
    expect(path.dirname(file)).toBe(path.join(temp.dir, 'exports'))
    expect(job.result?.downloadName).toBe(path.basename(file))
    const rows = parse<Record<string, string>>(fs.readFileSync(file), { columns: true })
    expect(rows).toHaveLength(10)
    expect(rows.every((row) => row.status === 'failure')).toBe(true)
    expect(rows.find((row) => row.id === 'evt_000004')?.user_agent).toBe(
      `'=HYPERLINK("http://evil.example")`,
    )
    expect(job.result?.transformations.formula_neutralised).toBe(1)
    const sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex')
    expect(job.result?.files).toEqual([
      { name: path.basename(file), rows: 10, bytes: fs.statSync(file).size, sha256 },
    ])
    const activity = await call('exports.activity', {})
    expect(activity.chain).toEqual({ isIntact: true, brokenAt: null })
    const [entry] = activity.entries as {
      id: number
      reviewer: string
      kind: string
      filter: string
      files: unknown[]
    }[]
    expect(entry?.id).toBe(job.result?.activityId)
    expect(entry?.reviewer).toBe('ana.auditor')
    expect(entry?.kind).toBe('export')
    expect(JSON.parse(entry?.filter ?? '')).toEqual(filter)
    expect(entry?.files).toEqual(job.result?.files)
  })

  it('says when the rows written differ from the count the view showed', async () => {
    seed(6)
    const call = start()
    const started = await call('exports.start', {
      stream: 'audit-events',
      filter: { connectionId },
      format: 'jsonl',
      shownCount: 5,
    })
    const job = await finished(started.job as ExportJob)
    expect(job.result?.rows).toBe(6)
    expect(job.result?.note).toMatch(/showed 5 events and the export holds 6/)
  })

  it('writes nothing and records nothing when the save dialog is cancelled', async () => {
    seed(3)
    const call = start({ chooseSavePath: () => Promise.resolve(undefined) })
    const started = await call('exports.start', {
      stream: 'audit-events',
      filter: {},
      format: 'csv',
    })
    expect((started.job as ExportJob).state).toBe('cancelled')
    expect(fs.existsSync(path.join(temp.dir, 'exports'))).toBe(false)
    expect((await call('exports.activity', {})).entries).toEqual([])
  })

  it('fails naming the path when the chosen folder does not exist, leaving no file', async () => {
    seed(3)
    const target = path.join(temp.dir, 'no-such-folder', 'out.csv')
    const call = start({ chooseSavePath: () => Promise.resolve(target) })
    const started = await call('exports.start', {
      stream: 'audit-events',
      filter: {},
      format: 'csv',
    })
    const job = await finished(started.job as ExportJob)
    expect(job.state).toBe('failed')
    expect(job.error?.code).toBe('export_write_failed')
    expect(job.error?.message).toContain(target)
    expect(fs.existsSync(target)).toBe(false)
    expect((await call('exports.activity', {})).entries).toEqual([])
  })

  it('gives two exports started in the same second different files', async () => {
    seed(30)
    const call = start()
    const [first, second] = await Promise.all([
      call('exports.start', { stream: 'audit-events', filter: { connectionId }, format: 'csv' }),
      call('exports.start', {
        stream: 'audit-events',
        filter: { connectionId, status: 'failure' },
        format: 'csv',
      }),
    ])
    const jobs = await Promise.all([
      finished(first.job as ExportJob),
      finished(second.job as ExportJob),
    ])
    const saved = jobs.map((job) => job.result?.savedTo ?? '')
    expect(new Set(saved).size).toBe(2)
    expect(jobs.map((job) => job.result?.rows)).toEqual([30, 10])
    for (const job of jobs) {
      const bytes = fs.readFileSync(job.result?.savedTo ?? '')
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(job.result?.files[0]?.sha256)
    }
  })

  it('writes no file and leaves an older one as it was when the export cannot be recorded', async () => {
    seed(3)
    const target = path.join(temp.dir, 'chosen.csv')
    fs.writeFileSync(target, 'an older export\r\n')
    const opened = openDatabase(temp.dir, 0)
    opened.db.exec(
      "CREATE TRIGGER refuse_activity BEFORE INSERT ON reviewer_activity BEGIN SELECT RAISE(ABORT, 'refused'); END",
    )
    opened.close()
    const call = start({ chooseSavePath: () => Promise.resolve(target) })
    const started = await call('exports.start', {
      stream: 'audit-events',
      filter: {},
      format: 'csv',
    })
    const job = await finished(started.job as ExportJob)
    expect(job.state).toBe('failed')
    expect(job.error?.code).toBe('export_write_failed')
    expect(job.error?.message).toMatch(/could not be recorded/)
    expect(fs.readFileSync(target, 'utf8')).toBe('an older export\r\n')
    expect(fs.readdirSync(temp.dir).filter((name) => name.includes('partial'))).toEqual([])
  })

  it('cancels a running export without leaving a file or an activity entry', async () => {
    seed(12_000)
    const call = start()
    const started = await call('exports.start', {
      stream: 'audit-events',
      filter: {},
      format: 'xlsx',
    })
    const job = started.job as ExportJob
    expect(await call('exports.cancel', { id: job.id })).toEqual({ cancelled: true })
    const ended = await finished(job)
    expect(ended.state).toBe('cancelled')
    expect(ended.error?.code).toBe('cancelled')
    expect(fs.readdirSync(path.join(temp.dir, 'exports'))).toEqual([])
    expect((await call('exports.activity', {})).entries).toEqual([])
    const listed = (await call('exports.jobs', {})).jobs as ExportJob[]
    expect(listed.map((entry) => [entry.id, entry.state])).toEqual([[job.id, 'cancelled']])
  })
})

describe('packs.start and exports.signingKey', () => {
  it('builds a pack of the period signed with the installation key it reports', async () => {
    seed(20)
    const call = start()
    const key = await call('exports.signingKey', {})
    expect(key.fingerprint).toMatch(/^[0-9a-f]{64}$/)
    const started = await call('packs.start', {
      connectionId,
      from: '2026-11-01',
      to: '2026-11-01',
      streams: ['audit-events', 'request-logs'],
    })
    const job = await finished(started.job as ExportJob)
    expect(job.error).toBeNull()
    expect(job.state).toBe('succeeded')
    expect(job.result?.rows).toBe(21)
    expect(fs.existsSync(job.result?.savedTo ?? '')).toBe(true)
    const activity = await call('exports.activity', {})
    expect((activity.entries as { kind: string }[])[0]?.kind).toBe('pack')
    expect(activity.chain).toEqual({ isIntact: true, brokenAt: null })
  })
})
