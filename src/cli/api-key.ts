import type { SecretStore } from '../core/ports'
import { UsageError, type CliIo } from './io'

/**
 * The CLI's secret store: AUDIT_DESK_API_KEY, else asked for on the terminal. Never a flag, so
 * keys stay out of shell history and process listings, and never written anywhere.
 */
export function cliSecretStore(io: CliIo): SecretStore {
  return {
    apiKeyFor: async () => {
      const fromEnv = io.env.AUDIT_DESK_API_KEY?.trim()
      if (fromEnv !== undefined && fromEnv !== '') return fromEnv
      const typed = await io.promptSecret('API key (audit_logs:read): ')
      return typed === undefined || typed === '' ? undefined : typed
    },
  }
}

/** The API key for `baseUrl` from the CLI's secret store, or a usage error saying how to give one. */
export async function readApiKey(io: CliIo, baseUrl: string): Promise<string> {
  const key = await cliSecretStore(io).apiKeyFor(baseUrl)
  if (key === undefined) {
    throw new UsageError(
      'no API key: set AUDIT_DESK_API_KEY (or run in a terminal to be asked for it)',
    )
  }
  return key
}
