// The core on a real worker thread, as src/main runs it: calls, errors, events and port-calls
// cross between the threads; a dead thread turns waiting calls into a clear error; close()
// releases the cache database.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { loadEvents } from '../../../test/helpers/load-events'
import type { CoreEvent } from '../../shared/contract'
import type { ExportJob } from '../../shared/export-schemas'
import type { Logger } from '../ports'
import { databaseFileName, openDatabase } from '../store/database'
import { auditEventJson, requestLogJson } from '../sync/test-events'
import { startCoreThread, type CoreThread, type HostPorts } from './core-client'

const workerFile = new URL('../../../test/helpers/core-thread-entry.mjs', import.meta.url)

let temp: ReturnType<typeof makeTempDir>
let thread: CoreThread | undefined
let received: CoreEvent[]
let logged: { level: string; message: string }[]
let onEvent: (event: CoreEvent) => void

const logger: Logger = {
  info: (message) => logged.push({ level: 'info', message }),
  warn: (message) => logged.push({ level: 'warn', message }),
  error: (message) => logged.push({ level: 'error', message }),
}

function start(ports: HostPorts = {}): CoreThread {
  thread = startCoreThread({
    workerFile,
    options: { host: 'test', dataDirectory: temp.dir, reviewerName: 'ana.auditor' },
    ports,
    emit: (event) => {
      received.push(event)
      onEvent(event)
    },
    logger,
  })
  return thread
}

function seed(auditCount: number): string {
  const opened = openDatabase(temp.dir, 0)
  const audit = Array.from({ length: auditCount }, (_, index) => auditEventJson(index + 1))
  const connectionId = loadEvents(opened, audit, [requestLogJson(1)])
  opened.close()
  return connectionId
}

/** The exports.finished event of the job `id`, once it arrives (at once if it already has). */
function finishedExport(id: string): Promise<ExportJob> {
  const isIt = (event: CoreEvent) => event.name === 'exports.finished' && event.payload.id === id
  const known = received.find(isIt)
  if (known?.name === 'exports.finished') return Promise.resolve(known.payload)
  return new Promise((resolve) => {
    onEvent = (event) => {
      if (event.name === 'exports.finished' && isIt(event)) resolve(event.payload)
    }
  })
}

beforeEach(() => {
  temp = makeTempDir()
  received = []
  logged = []
  onEvent = () => undefined
})

afterEach(async () => {
  await thread?.close()
  thread = undefined
  temp.remove()
})

describe('startCoreThread', () => {
  it('answers app.info from the core on the worker thread', async () => {
    const { dispatch } = start()
    const result = await dispatch('app.info', {})
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value).toMatchObject({ host: 'test', dataDirectory: temp.dir })
  })

  it('returns an error result as data across the threads', async () => {
    const { dispatch } = start()
    expect(await dispatch('no.such', {})).toEqual({
      ok: false,
      error: { code: 'unknown_method', message: '"no.such" is not a method of Audit Desk.' },
    })
    const invalid = await dispatch('app.info', { extra: 1 })
    expect(invalid.ok ? undefined : invalid.error.code).toBe('invalid_input')
  })

  it('relays events and lets the host save dialog decide where an export goes', async () => {
    const connectionId = seed(12)
    const target = path.join(temp.dir, 'chosen', 'audit.csv')
    fs.mkdirSync(path.dirname(target))
    const suggested: string[] = []
    const { dispatch } = start({
      chooseSavePath: (name) => {
        suggested.push(name)
        return Promise.resolve(target)
      },
    })
    const started = await dispatch('exports.start', {
      stream: 'audit-events',
      filter: { connectionId },
      format: 'csv',
    })
    if (!started.ok) throw new Error(started.error.message)
    const { job } = started.value as { job: ExportJob } // checked by the contract's output schema
    const finished = await finishedExport(job.id)
    expect(finished).toMatchObject({ state: 'succeeded', rowsWritten: 12 })
    expect(finished.result?.savedTo).toBe(target)
    expect(suggested).toHaveLength(1)
    expect(fs.readFileSync(target, 'utf8').trim().split('\n')).toHaveLength(13)
  })

  it('turns a waiting call into a clear error when the thread dies, and refuses later calls', async () => {
    seed(1)
    let askedToSave: () => void = () => undefined
    const asked = new Promise<void>((resolve) => {
      askedToSave = resolve
    })
    // The save dialog never answers, so the export call is still waiting when the thread ends.
    const core = start({
      chooseSavePath: () => {
        askedToSave()
        return new Promise<undefined>(() => undefined)
      },
    })
    const waiting = core.dispatch('exports.start', {
      stream: 'audit-events',
      filter: {},
      format: 'csv',
    })
    await asked
    await core.worker.terminate()
    const result = await waiting
    expect(result.ok ? undefined : result.error).toEqual({
      code: 'internal',
      message: expect.stringContaining('core stopped unexpectedly') as unknown,
    })
    const later = await core.dispatch('app.info', {})
    expect(later.ok ? undefined : later.error.message).toContain('core has stopped')
    expect(logged.some((line) => line.level === 'error')).toBe(true)
  })

  it('ignores and logs a message of no known type, and keeps answering', async () => {
    const core = start()
    core.worker.postMessage({ type: 'drop-tables', id: 1 })
    expect((await core.dispatch('app.info', {})).ok).toBe(true)
    expect(logged).toContainEqual({
      level: 'warn',
      message: 'core thread: ignored a message it does not know',
    })
  })

  it('stopWork is answered by the core thread, and at once when the thread is gone', async () => {
    const core = start()
    await core.stopWork()
    expect((await core.dispatch('app.info', {})).ok).toBe(true)
    await core.worker.terminate()
    await core.stopWork()
  })

  it('closes the cache database and ends the thread on close()', async () => {
    seed(3)
    const core = start()
    expect((await core.dispatch('app.info', {})).ok).toBe(true)
    await core.close()
    const reopened = new Database(path.join(temp.dir, databaseFileName))
    try {
      // A connection the core left open would keep the WAL file; a clean close removes it.
      expect(fs.existsSync(path.join(temp.dir, `${databaseFileName}-wal`))).toBe(false)
      reopened.pragma('journal_mode = DELETE')
      expect(reopened.pragma('journal_mode', { simple: true })).toBe('delete')
    } finally {
      reopened.close()
    }
    expect(core.worker.threadId).toBe(-1)
    const after = await core.dispatch('app.info', {})
    expect(after.ok).toBe(false)
  })
})
