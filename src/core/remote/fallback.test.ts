// The host falls back to an in-process core only when the core thread never started: a worker
// file that fails to load is answered in-process from the first call on; a thread that answered
// and then died stays reported as stopped.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { createCore } from '../core'
import { createDispatcher } from '../dispatcher'
import { silentLogger, type Logger } from '../ports'
import { startCoreThread, type CoreThread } from './core-client'
import { withInProcessFallback, type HostedCore } from './fallback'

const workingEntry = new URL('../../../test/helpers/core-thread-entry.mjs', import.meta.url)

let temp: ReturnType<typeof makeTempDir>
let thread: CoreThread | undefined
let inProcess: { close: () => void } | undefined
let logged: string[]

const logger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: (message) => logged.push(message),
}

function hosted(workerFile: string | URL): HostedCore {
  thread = startCoreThread({
    workerFile,
    options: { host: 'test', dataDirectory: temp.dir, reviewerName: 'ana.auditor' },
    ports: {},
    emit: () => undefined,
    logger,
  })
  return withInProcessFallback(
    thread,
    () => {
      const core = createCore({
        host: 'test',
        dataDirectory: temp.dir,
        clock: Date.now,
        emit: () => undefined,
        logger: silentLogger,
      })
      inProcess = core
      return {
        dispatch: createDispatcher(core.handlers, silentLogger),
        stopWork: () => Promise.resolve(),
        close: () => {
          core.close()
          return Promise.resolve()
        },
      }
    },
    logger,
  )
}

beforeEach(() => {
  temp = makeTempDir()
  logged = []
})

afterEach(async () => {
  await thread?.close()
  thread = undefined
  inProcess?.close()
  inProcess = undefined
  temp.remove()
})

describe('withInProcessFallback', () => {
  it('answers from an in-process core when the worker file cannot load', async () => {
    const broken = path.join(temp.dir, 'broken-worker.mjs')
    fs.writeFileSync(broken, "throw new Error('cannot load the core worker')\n")
    const core = hosted(broken)
    const info = await core.dispatch('app.info', {})
    expect(info).toMatchObject({ ok: true, value: { name: 'Audit Desk', host: 'test' } })
    expect(inProcess).toBeDefined()
    expect(logged).toContain('the core thread could not start; running the core on the main thread')
  })

  it('never runs a call again on the main thread when the core was up and died in that call', async () => {
    const dying = path.join(temp.dir, 'dying-worker.mjs')
    fs.writeFileSync(
      dying,
      [
        "import { parentPort } from 'node:worker_threads'",
        "parentPort.postMessage({ type: 'ready' })",
        "parentPort.on('message', () => process.exit(1))",
        '',
      ].join('\n'),
    )
    const core = hosted(dying)
    const result = await core.dispatch('app.info', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(inProcess).toBeUndefined()
    expect(logged).not.toContain(
      'the core thread could not start; running the core on the main thread',
    )
  })

  it('keeps using the thread while it works, and reports a crash after it answered', async () => {
    const core = hosted(workingEntry)
    expect(await core.dispatch('app.info', {})).toMatchObject({ ok: true })
    await thread?.worker.terminate()
    const after = await core.dispatch('app.info', {})
    expect(after).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(inProcess).toBeUndefined()
  })
})
