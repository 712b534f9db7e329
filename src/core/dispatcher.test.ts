import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../test/helpers/temp-dir'
import { makeTestCore } from '../../test/helpers/test-core'
import type { Handlers } from './core'
import { createDispatcher } from './dispatcher'
import { CoreError } from './errors'
import { silentLogger, type Logger } from './ports'
import { migrations } from './store/migrations'

describe('dispatcher', () => {
  let temp: ReturnType<typeof makeTempDir>
  const cores: { close(): void }[] = []
  beforeEach(() => {
    temp = makeTempDir()
  })
  afterEach(() => {
    for (const core of cores.splice(0)) core.close()
    temp.remove()
  })

  /** A real core's handlers with app.info replaced. */
  const withAppInfo = (appInfo: Handlers['app.info']): Handlers => {
    const { core } = makeTestCore(temp.dir)
    cores.push(core)
    return { ...core.handlers, 'app.info': appInfo }
  }

  it('answers app.info with version, data directory and a ready database', async () => {
    const { core } = makeTestCore(temp.dir)
    const result = await createDispatcher(core.handlers, silentLogger)('app.info', {})
    core.close()
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value).toMatchObject({
      name: 'Audit Desk',
      host: 'test',
      dataDirectory: temp.dir,
      database: { state: 'ready', schemaVersion: migrations.at(-1)?.id },
    })
  })

  it.each([
    ['a method that does not exist', 'app.destroy', {}, 'unknown_method'],
    ['a method name that is not a string', 42, {}, 'unknown_method'],
    ['input with an unknown key', 'app.info', { path: '/etc' }, 'invalid_input'],
    ['input that is not an object', 'app.info', 'x', 'invalid_input'],
  ])('refuses %s with an error as data', async (_, method, input, code) => {
    const { core } = makeTestCore(temp.dir)
    const result = await createDispatcher(core.handlers, silentLogger)(method, input)
    core.close()
    expect(result).toMatchObject({ ok: false, error: { code } })
  })

  it('treats a missing input as an empty object', async () => {
    const { core } = makeTestCore(temp.dir)
    const result = await createDispatcher(core.handlers, silentLogger)('app.info', undefined)
    core.close()
    expect(result.ok).toBe(true)
  })

  it('passes a CoreError through as its code and message', async () => {
    const handlers = withAppInfo(() =>
      Promise.reject(new CoreError('database_locked', 'In use elsewhere.')),
    )
    const result = await createDispatcher(handlers, silentLogger)('app.info', {})
    expect(result).toEqual({
      ok: false,
      error: { code: 'database_locked', message: 'In use elsewhere.' },
    })
  })

  it('turns an unexpected exception into `internal` without its message or stack, and logs it', async () => {
    const logged: string[] = []
    const logger: Logger = { ...silentLogger, error: (message) => logged.push(message) }
    const handlers = withAppInfo(() =>
      Promise.reject(new Error('SELECT secret FROM keys at /home/ana/.config')),
    )
    const result = await createDispatcher(handlers, logger)('app.info', {})
    expect(result.ok).toBe(false)
    expect(JSON.stringify(result)).not.toMatch(/SELECT|home|at /)
    expect(logged).toEqual(['handler failed'])
  })

  it('refuses a handler result outside the contract instead of passing it on', async () => {
    const handlers = {
      'app.info': () => Promise.resolve({ name: 'x' }),
    } as unknown as Handlers // deliberately breaks the contract to prove the output check
    const result = await createDispatcher(handlers, silentLogger)('app.info', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
  })
})
