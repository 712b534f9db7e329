import { readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../test/helpers/temp-dir'
import {
  createSafeStorageSecretStore,
  storageProtection,
  type SafeStorageLike,
} from './secret-store'

/** A reversible stand-in for safeStorage: a "v10" prefix and every byte XORed with `mask`. */
function fakeSafeStorage(
  options: { backend?: string; isAvailable?: boolean; mask?: number } = {},
): SafeStorageLike & { isAvailable: boolean } {
  const mask = options.mask ?? 0x5a
  const flip = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ mask))
  return {
    isAvailable: options.isAvailable ?? true,
    isEncryptionAvailable() {
      return this.isAvailable
    },
    encryptString: (plainText) => Buffer.concat([Buffer.from('v10'), flip(Buffer.from(plainText))]),
    decryptString: (encrypted) => {
      if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting')
      return flip(encrypted.subarray(3)).toString('utf8')
    },
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
  }
}

const url = 'https://api.acme.example'
const key = 'ak_live_9f8e7d6c5b4a39281706'

let temp: ReturnType<typeof makeTempDir>
let file: string

beforeEach(() => {
  temp = makeTempDir()
  file = path.join(temp.dir, 'data', 'api-keys.json')
})

afterEach(() => {
  temp.remove()
})

describe('the safeStorage secret store', () => {
  it('keeps a key across restarts in a 0600 file that never holds it in clear', async () => {
    const safeStorage = fakeSafeStorage()
    const store = createSafeStorageSecretStore(safeStorage, file, 'linux')
    expect(await store.apiKeyFor(url)).toBeUndefined()
    await store.remember?.(url, key)
    expect(await store.apiKeyFor(url)).toBe(key)

    const reopened = createSafeStorageSecretStore(safeStorage, file, 'linux')
    expect(await reopened.apiKeyFor(url)).toBe(key)
    expect(await reopened.status?.()).toEqual({
      protection: 'encrypted',
      backend: 'gnome_libsecret',
      problems: [],
    })
    const bytes = readFileSync(file)
    expect(bytes.includes(Buffer.from(key))).toBe(false)
    expect(bytes.includes(Buffer.from(Buffer.from(key).toString('base64')))).toBe(false)
    expect(bytes.includes(Buffer.from(url))).toBe(true)
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('keeps every key when several are stored at once, and replaces a changed key', async () => {
    const store = createSafeStorageSecretStore(fakeSafeStorage(), file, 'darwin')
    await Promise.all([
      store.remember?.(url, key),
      store.remember?.('https://other.example', 'second-key'),
      store.remember?.('http://127.0.0.1:4000', 'third-key'),
    ])
    await store.remember?.(url, 'rotated-key')
    const reopened = createSafeStorageSecretStore(fakeSafeStorage(), file, 'darwin')
    expect(await reopened.apiKeyFor(url)).toBe('rotated-key')
    expect(await reopened.apiKeyFor('https://other.example')).toBe('second-key')
    expect(await reopened.apiKeyFor('http://127.0.0.1:4000')).toBe('third-key')
  })

  it('reports a damaged file instead of failing, and replaces it on the next store', async () => {
    const damaged = createSafeStorageSecretStore(fakeSafeStorage(), file, 'linux')
    await damaged.remember?.(url, key) // creates the folder and file
    writeFileSync(file, '{"version":1,"keys":{"https://api.acme.example":')
    const store = createSafeStorageSecretStore(fakeSafeStorage(), file, 'linux')
    expect(await store.apiKeyFor(url)).toBeUndefined()
    const status = await store.status?.()
    expect(status?.problems).toHaveLength(1)
    expect(status?.problems[0]).toMatch(/api-keys\.json in the data folder\) are damaged/)
    expect(status?.problems[0]).not.toContain(temp.dir)
    await store.remember?.(url, 'fresh-key')
    const reopened = createSafeStorageSecretStore(fakeSafeStorage(), file, 'linux')
    expect(await reopened.apiKeyFor(url)).toBe('fresh-key')
    expect((await reopened.status?.())?.problems).toEqual([])
  })

  it('reports a key it cannot decrypt by its URL and still serves the others', async () => {
    const store = createSafeStorageSecretStore(fakeSafeStorage(), file, 'linux')
    await store.remember?.(url, key)
    await store.remember?.('https://other.example', 'second-key')
    const stored = JSON.parse(readFileSync(file, 'utf8')) as {
      keys: Record<string, { ciphertext: string }>
    }
    const entry = stored.keys[url]
    if (entry === undefined) throw new Error('the key was not stored')
    entry.ciphertext = Buffer.from('garbage').toString('base64')
    writeFileSync(file, JSON.stringify(stored))

    const reopened = createSafeStorageSecretStore(fakeSafeStorage(), file, 'linux')
    expect(await reopened.apiKeyFor(url)).toBeUndefined()
    expect(await reopened.apiKeyFor('https://other.example')).toBe('second-key')
    const status = await reopened.status?.()
    expect(status?.problems).toEqual([
      expect.stringContaining(`The stored API key for ${url} could not be decrypted`),
    ])
  })

  it('reports every key as unreadable when encryption became unavailable', async () => {
    await createSafeStorageSecretStore(fakeSafeStorage(), file, 'darwin').remember?.(url, key)
    const locked = createSafeStorageSecretStore(
      fakeSafeStorage({ isAvailable: false }),
      file,
      'darwin',
    )
    expect(await locked.apiKeyFor(url)).toBeUndefined()
    const status = await locked.status?.()
    expect(status?.protection).toBe('unavailable')
    expect(status?.problems).toHaveLength(1)
  })

  it('does not store a readable key on basic_text unless the user agreed', async () => {
    const safeStorage = fakeSafeStorage({ backend: 'basic_text' })
    const store = createSafeStorageSecretStore(safeStorage, file, 'linux')
    expect((await store.status?.())?.protection).toBe('weak')
    await expect(store.remember?.(url, key)).rejects.toThrow(/no secret store/)
    await expect(store.remember?.(url, key, { allowWeak: false })).rejects.toThrow(
      /without your agreement/,
    )
    expect(() => readFileSync(file)).toThrow(/ENOENT/)
    expect(await store.apiKeyFor(url)).toBeUndefined()

    await store.remember?.(url, key, { allowWeak: true })
    const stored = JSON.parse(readFileSync(file, 'utf8')) as {
      keys: Record<string, { protection: string }>
    }
    expect(stored.keys[url]?.protection).toBe('weak')
    expect(readFileSync(file).includes(Buffer.from(key))).toBe(false)
  })

  it('never stores when the system cannot encrypt, even with agreement', async () => {
    const store = createSafeStorageSecretStore(fakeSafeStorage({ isAvailable: false }), file)
    await expect(store.remember?.(url, key, { allowWeak: true })).rejects.toThrow(/cannot encrypt/)
    expect(() => readFileSync(file)).toThrow(/ENOENT/)
  })

  it('judges protection by the Linux backend only on Linux', () => {
    const weak = fakeSafeStorage({ backend: 'basic_text' })
    expect(storageProtection(weak, 'linux')).toEqual({ protection: 'weak', backend: 'basic_text' })
    expect(storageProtection(fakeSafeStorage({ backend: 'unknown' }), 'linux').protection).toBe(
      'weak',
    )
    expect(storageProtection(fakeSafeStorage({ backend: 'kwallet6' }), 'linux')).toEqual({
      protection: 'encrypted',
      backend: 'kwallet6',
    })
    const throwsOffLinux: SafeStorageLike = {
      ...weak,
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => {
        throw new Error('not available on this platform')
      },
    }
    expect(storageProtection(throwsOffLinux, 'win32')).toEqual({
      protection: 'encrypted',
      backend: null,
    })
    expect(storageProtection(fakeSafeStorage({ isAvailable: false }), 'linux').protection).toBe(
      'unavailable',
    )
  })
})
