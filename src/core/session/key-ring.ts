// Where the session finds an organization's API key: keys given in this app run (the demo's, or
// any when the host has no secret store) in memory, else the host's secret store. Never the cache.
import type { SecretStore } from '../ports'

/** The API keys the core can use now, by normalised base URL. */
export interface KeyRing {
  /** Keeps a key in memory for this app run only. */
  rememberForSession(baseUrl: string, apiKey: string): void
  /** The key for `baseUrl`: this run's first, then the secret store's; undefined when none. */
  keyFor(baseUrl: string): Promise<string | undefined>
}

/** A key ring over the host's secret store (absent: memory only). */
export function createKeyRing(secrets: SecretStore | undefined): KeyRing {
  const sessionKeys = new Map<string, string>()
  return {
    rememberForSession: (baseUrl, apiKey) => {
      sessionKeys.set(baseUrl, apiKey)
    },
    keyFor: async (baseUrl) => sessionKeys.get(baseUrl) ?? (await secrets?.apiKeyFor(baseUrl)),
  }
}
