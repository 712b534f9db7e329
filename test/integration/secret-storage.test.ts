// How connections.add keeps a checked API key, through the dispatcher: encrypted in the host's
// secret store by default, never in a readable one unless the user chose 'allow-weak', and in
// memory only when the host has no store (browser mode), the system cannot encrypt, or the user
// asked for the session only. secrets.status tells the Connect form which case it is in.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createDispatcher } from '../../src/core/dispatcher'
import { silentLogger, type Logger, type SecretStore } from '../../src/core/ports'
import { startDemoServer, type DemoServer } from '../../src/demo-org/index'
import { createSafeStorageSecretStore, type SafeStorageLike } from '../../src/main/secret-store'
import type { MethodName } from '../../src/shared/method-names'
import { makeTempDir } from '../helpers/temp-dir'
import { makeTestCore } from '../helpers/test-core'

/** A reversible stand-in for Electron's safeStorage (every byte XORed), on a chosen backend. */
function fakeSafeStorage(backend: string, isAvailable = true): SafeStorageLike {
  const flip = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ 0x3c))
  return {
    isEncryptionAvailable: () => isAvailable,
    encryptString: (text) => flip(Buffer.from(text)),
    decryptString: (bytes) => flip(bytes).toString('utf8'),
    getSelectedStorageBackend: () => backend,
  }
}

let demo: DemoServer
let temp: ReturnType<typeof makeTempDir>
let keysFile: string
const cores: { close(): void }[] = []

beforeAll(async () => {
  demo = await startDemoServer({ seed: 8, auditEvents: 1_000, requestLogs: 200, days: 3 })
})

afterAll(async () => {
  await demo.close()
})

beforeEach(() => {
  temp = makeTempDir()
  keysFile = path.join(temp.dir, 'api-keys.json')
})

afterEach(() => {
  for (const core of cores.splice(0)) core.close()
  temp.remove()
})

/** A core over the test's data directory with `secrets`; returns a caller that unwraps results. */
function session(secrets: SecretStore | undefined, logger: Logger = silentLogger) {
  const { core } = makeTestCore(temp.dir, {
    clock: Date.now,
    logger,
    ...(secrets === undefined ? {} : { secrets }),
  })
  cores.push(core)
  const dispatch = createDispatcher(core.handlers, silentLogger)
  return async (method: MethodName, input: unknown = {}): Promise<Record<string, unknown>> => {
    const result = (await dispatch(method, input)) as
      | { ok: true; value: Record<string, unknown> }
      | { ok: false; error: { code: string; message: string } }
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
    return result.value
  }
}

const canSync = async (call: ReturnType<typeof session>) =>
  ((await call('connections.list')) as { connections: { canSync: boolean }[] }).connections.map(
    (connection) => connection.canSync,
  )

describe('keeping API keys', () => {
  it('keeps keys for the session only where the host has no store (browser mode)', async () => {
    const call = session(undefined)
    expect(await call('secrets.status')).toEqual({ storage: 'none', backend: null, problems: [] })
    const added = await call('connections.add', { baseUrl: demo.url, apiKey: demo.keys.full })
    expect(added.keyStorage).toBe('session')
    expect(await canSync(call)).toEqual([true])
    expect(await canSync(session(undefined))).toEqual([false]) // after a restart
  })

  it('stores a key encrypted by default, usable after a restart, never readable on disk', async () => {
    const store = () => createSafeStorageSecretStore(fakeSafeStorage('kwallet6'), keysFile, 'linux')
    const call = session(store())
    expect(await call('secrets.status')).toEqual({
      storage: 'encrypted',
      backend: 'kwallet6',
      problems: [],
    })
    const added = await call('connections.add', { baseUrl: demo.url, apiKey: demo.keys.full })
    expect(added.keyStorage).toBe('secret-store')
    expect(readFileSync(keysFile).includes(Buffer.from(demo.keys.full))).toBe(false)
    expect(await canSync(session(store()))).toEqual([true])
  })

  it('keeps the key for the session only when asked, even with an encrypting store', async () => {
    const store = createSafeStorageSecretStore(fakeSafeStorage('kwallet6'), keysFile, 'linux')
    const call = session(store)
    const added = await call('connections.add', {
      baseUrl: demo.url,
      apiKey: demo.keys.full,
      storeKey: 'session-only',
    })
    expect(added.keyStorage).toBe('session')
    expect(existsSync(keysFile)).toBe(false)
    expect(await canSync(call)).toEqual([true])
  })

  it('does not store a readable key (basic_text) unless the user chose to', async () => {
    const store = () =>
      createSafeStorageSecretStore(fakeSafeStorage('basic_text'), keysFile, 'linux')
    const call = session(store())
    expect(await call('secrets.status')).toMatchObject({ storage: 'weak', backend: 'basic_text' })
    const added = await call('connections.add', { baseUrl: demo.url, apiKey: demo.keys.full })
    expect(added.keyStorage).toBe('session')
    expect(existsSync(keysFile)).toBe(false)
    expect(await canSync(call)).toEqual([true])
    expect(await canSync(session(store()))).toEqual([false])

    const agreed = await call('connections.add', {
      baseUrl: demo.url,
      apiKey: demo.keys.full,
      storeKey: 'allow-weak',
    })
    expect(agreed.keyStorage).toBe('weak-store')
    expect(await canSync(session(store()))).toEqual([true])
  })

  it('never stores where the system cannot encrypt, whatever the choice', async () => {
    const store = createSafeStorageSecretStore(fakeSafeStorage('', false), keysFile, 'darwin')
    const call = session(store)
    expect(await call('secrets.status')).toMatchObject({ storage: 'unavailable' })
    const added = await call('connections.add', {
      baseUrl: demo.url,
      apiKey: demo.keys.full,
      storeKey: 'allow-weak',
    })
    expect(added.keyStorage).toBe('session')
    expect(existsSync(keysFile)).toBe(false)
  })

  it('keeps the key for the session and logs why when the store fails', async () => {
    const warnings: string[] = []
    const failing: SecretStore = {
      apiKeyFor: () => Promise.resolve(undefined),
      remember: () => Promise.reject(new Error('the disk is full')),
      status: () => Promise.resolve({ protection: 'encrypted', backend: null, problems: [] }),
    }
    const call = session(failing, {
      ...silentLogger,
      warn: (message, fields) => warnings.push(`${message} ${JSON.stringify(fields)}`),
    })
    const added = await call('connections.add', { baseUrl: demo.url, apiKey: demo.keys.full })
    expect(added.keyStorage).toBe('session')
    expect(await canSync(call)).toEqual([true])
    expect(warnings).toEqual([expect.stringContaining('the disk is full')])
    expect(warnings.join()).not.toContain(demo.keys.full)
  })

  it('never gives a key to a store that cannot say how it protects keys', async () => {
    const remembered: string[] = []
    const silent: SecretStore = {
      apiKeyFor: () => Promise.resolve(undefined),
      remember: (baseUrl) => {
        remembered.push(baseUrl)
        return Promise.resolve()
      },
    }
    const call = session(silent)
    expect(await call('secrets.status')).toMatchObject({ storage: 'none' })
    const added = await call('connections.add', { baseUrl: demo.url, apiKey: demo.keys.full })
    expect(added.keyStorage).toBe('session')
    expect(remembered).toEqual([])
  })

  it('reports stored keys it cannot read, and refuses an unknown storage choice', async () => {
    await createSafeStorageSecretStore(fakeSafeStorage('kwallet6'), keysFile, 'linux').remember?.(
      demo.url,
      demo.keys.full,
    )
    const locked = fakeSafeStorage('kwallet6')
    const call = session(
      createSafeStorageSecretStore(
        {
          ...locked,
          decryptString: () => {
            throw new Error('Error while decrypting the ciphertext provided to safeStorage')
          },
        },
        keysFile,
        'linux',
      ),
    )
    const status = (await call('secrets.status')) as { problems: string[] }
    expect(status.problems).toEqual([expect.stringContaining(`API key for ${demo.url}`)])
    await expect(
      call('connections.add', { baseUrl: demo.url, apiKey: demo.keys.full, storeKey: 'clear' }),
    ).rejects.toThrow(/invalid_input/)
  })
})
