// Where the session finds an organization's API key: keys given in this app run (the demo's, or
// any the user kept for the session) in memory, else the host's secret store. Never the cache.
import type { MethodOutput } from '../../shared/contract'
import type { SecretStorage, StoreKey } from '../../shared/secret-schemas'
import type { SecretStore } from '../ports'

/** Where a key given to `keep` ended up, as connections.add reports it. */
export type KeyStorage = MethodOutput<'connections.add'>['keyStorage']

/** The API keys the core can use now, by normalised base URL. */
export interface KeyRing {
  /** Keeps a key in memory for this app run only. */
  rememberForSession(baseUrl: string, apiKey: string): void
  /** The key for `baseUrl`: this run's first, then the secret store's; undefined when none. */
  keyFor(baseUrl: string): Promise<string | undefined>
  /** How the host's secret store would keep a key now ('none': no store, session only). */
  status(): Promise<SecretStorage>
  /**
   * Keeps a checked key for this run and, as `storeKey` allows, in the secret store: a readable
   * ('weak') store only with 'allow-weak'. `problem` says why a store refused or failed.
   */
  keep(
    baseUrl: string,
    apiKey: string,
    storeKey: StoreKey,
  ): Promise<{ keyStorage: KeyStorage; problem?: string }>
}

/** A key ring over the host's secret store (absent: memory only). */
export function createKeyRing(secrets: SecretStore | undefined): KeyRing {
  const sessionKeys = new Map<string, string>()
  const status = async (): Promise<SecretStorage> => {
    // A store that cannot say how it protects keys is never given one.
    if (secrets?.remember === undefined || secrets.status === undefined)
      return { storage: 'none', backend: null, problems: [] }
    const current = await secrets.status()
    return { storage: current.protection, backend: current.backend, problems: current.problems }
  }
  return {
    rememberForSession: (baseUrl, apiKey) => {
      sessionKeys.set(baseUrl, apiKey)
    },
    keyFor: async (baseUrl) => sessionKeys.get(baseUrl) ?? (await secrets?.apiKeyFor(baseUrl)),
    status,
    keep: async (baseUrl, apiKey, storeKey) => {
      // Always for this run too, so a key stored earlier for the URL never shadows the new one.
      sessionKeys.set(baseUrl, apiKey)
      const { storage } = await status()
      const isAllowed = storage === 'encrypted' || (storage === 'weak' && storeKey === 'allow-weak')
      if (storeKey === 'session-only' || !isAllowed || secrets?.remember === undefined)
        return { keyStorage: 'session' }
      try {
        await secrets.remember(baseUrl, apiKey, { allowWeak: storeKey === 'allow-weak' })
        return { keyStorage: storage === 'weak' ? 'weak-store' : 'secret-store' }
      } catch (cause) {
        const problem = cause instanceof Error ? cause.message : 'unknown error'
        return { keyStorage: 'session', problem }
      }
    },
  }
}
