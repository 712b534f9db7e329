// The desktop app's SecretStore: API keys encrypted with Electron's safeStorage, kept as base64
// ciphertexts in one file of the data folder. No electron import: safeStorage is injected, so all
// of this runs (and is tested) under plain Node with a fake cipher.
import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import type { SecretStore, SecretStoreStatus } from '../core/ports'

/** The part of Electron's `safeStorage` the store uses (Electron 39's synchronous API). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
  /** Linux only: which password manager encrypts ('basic_text': none, a hard-coded key). */
  getSelectedStorageBackend(): string
}

/** The file's name in the data folder; named in messages instead of a full path. */
export const apiKeysFileName = 'api-keys.json'

const storedKey = z.object({
  /** base64 of safeStorage's ciphertext; never the key itself. */
  ciphertext: z.string().max(16_384),
  /** How the key was protected when stored. */
  protection: z.enum(['encrypted', 'weak']),
})
const keysFile = z.object({ version: z.literal(1), keys: z.record(z.string(), storedKey) })
type StoredKey = z.infer<typeof storedKey>

type Loaded = {
  /** Entries as in the file (kept even when unreadable now: the OS store may come back). */
  entries: Map<string, StoredKey>
  /** Keys decrypted at load, by base URL. */
  keys: Map<string, string>
  problems: string[]
}

/**
 * How safeStorage would protect a key now. On Linux the `basic_text` backend "encrypts" with a
 * hard-coded password, so its output is as readable as clear text: 'weak'; so is 'unknown',
 * which nothing vouches for. Elsewhere the OS store (Keychain, DPAPI) protects it.
 */
export function storageProtection(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
): Pick<SecretStoreStatus, 'protection' | 'backend'> {
  if (!safeStorage.isEncryptionAvailable()) return { protection: 'unavailable', backend: null }
  if (platform !== 'linux') return { protection: 'encrypted', backend: null }
  const backend = safeStorage.getSelectedStorageBackend()
  const isWeak = backend === 'basic_text' || backend === 'unknown'
  return { protection: isWeak ? 'weak' : 'encrypted', backend }
}

/**
 * A SecretStore over safeStorage and `filePath` (0600, replaced atomically). A corrupt file or an
 * undecryptable key is reported by `status` and treated as absent; it never stops the app.
 */
export function createSafeStorageSecretStore(
  safeStorage: SafeStorageLike,
  filePath: string,
  platform: NodeJS.Platform = process.platform,
): SecretStore {
  let loading: Promise<Loaded> | undefined
  let writing: Promise<void> = Promise.resolve()
  const loaded = () => (loading ??= loadKeys(safeStorage, filePath))

  const remember = async (baseUrl: string, apiKey: string, consent = { allowWeak: false }) => {
    const { protection } = storageProtection(safeStorage, platform)
    if (protection === 'unavailable')
      throw new Error('This system cannot encrypt the API key, so it was not stored.')
    if (protection === 'weak' && !consent.allowWeak)
      throw new Error(
        'This system has no secret store: the key would be readable on disk, so it was not stored without your agreement.',
      )
    const state = await loaded()
    const ciphertext = safeStorage.encryptString(apiKey).toString('base64')
    state.entries.set(baseUrl, { ciphertext, protection })
    state.keys.set(baseUrl, apiKey)
    // One write at a time, each of the whole current map, so the last one holds every key.
    const write = writing.then(() => writeKeys(filePath, state.entries))
    writing = write.catch(() => undefined)
    await write
  }

  return {
    apiKeyFor: async (baseUrl) => (await loaded()).keys.get(baseUrl),
    remember,
    status: async () => ({
      ...storageProtection(safeStorage, platform),
      problems: [...(await loaded()).problems],
    }),
  }
}

async function loadKeys(safeStorage: SafeStorageLike, filePath: string): Promise<Loaded> {
  const loaded: Loaded = { entries: new Map(), keys: new Map(), problems: [] }
  let text: string
  try {
    text = await readFile(filePath, 'utf8')
  } catch (cause) {
    if (isMissingFile(cause)) return loaded
    loaded.problems.push(
      `The stored API keys (${apiKeysFileName} in the data folder) could not be read (${errorCode(cause)}). Check the file's permissions, or connect each organization again.`,
    )
    return loaded
  }
  const parsed = keysFile.safeParse(parseJson(text))
  if (!parsed.success) {
    loaded.problems.push(
      `The stored API keys (${apiKeysFileName} in the data folder) are damaged and were ignored. Connect each organization again to store its key; the file is then replaced.`,
    )
    return loaded
  }
  for (const [baseUrl, entry] of Object.entries(parsed.data.keys)) {
    loaded.entries.set(baseUrl, entry)
    const key = decrypt(safeStorage, entry.ciphertext)
    if (key === undefined) {
      loaded.problems.push(
        `The stored API key for ${baseUrl} could not be decrypted (the system's secret store changed or is locked). Unlock it and restart, or connect the organization again.`,
      )
    } else {
      loaded.keys.set(baseUrl, key)
    }
  }
  return loaded
}

function decrypt(safeStorage: SafeStorageLike, ciphertext: string): string | undefined {
  try {
    if (!safeStorage.isEncryptionAvailable()) return undefined
    const key = safeStorage.decryptString(Buffer.from(ciphertext, 'base64'))
    return key === '' ? undefined : key
  } catch {
    return undefined
  }
}

/** Writes a temp file (0600) beside `filePath`, flushes it, then renames it over the old one. */
async function writeKeys(filePath: string, entries: Map<string, StoredKey>): Promise<void> {
  await mkdir(path.dirname(filePath), { recursive: true })
  const keys: Record<string, StoredKey> = Object.create(null) as Record<string, StoredKey> // no prototype keys
  for (const [baseUrl, entry] of entries) keys[baseUrl] = entry
  const temp = `${filePath}.${randomBytes(6).toString('hex')}.tmp`
  const handle = await open(temp, 'wx', 0o600)
  try {
    await handle.writeFile(`${JSON.stringify({ version: 1, keys }, null, 2)}\n`, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await rename(temp, filePath)
  } catch (cause) {
    await rm(temp, { force: true })
    throw cause
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function isMissingFile(cause: unknown): boolean {
  return errorCode(cause) === 'ENOENT'
}

function errorCode(cause: unknown): string {
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code
  return 'unknown error'
}
