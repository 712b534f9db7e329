import { UsageError, type CliIo } from './io'

/**
 * The API key for a command: AUDIT_DESK_API_KEY, else asked for on the terminal. Never a flag,
 * so keys stay out of shell history and process listings.
 */
export async function readApiKey(io: CliIo): Promise<string> {
  const fromEnv = io.env.AUDIT_DESK_API_KEY?.trim()
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  const typed = await io.promptSecret('API key (audit_logs:read): ')
  if (typed === undefined || typed === '') {
    throw new UsageError(
      'no API key: set AUDIT_DESK_API_KEY (or run in a terminal to be asked for it)',
    )
  }
  return typed
}
