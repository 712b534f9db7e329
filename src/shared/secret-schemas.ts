// Schemas of how the host keeps API keys: the secret storage status the Connect form shows, and
// the choice it sends with connections.add. contract.ts lists the methods.
import { z } from 'zod'

/**
 * What the user chose for a new key: stored only if the OS encrypts it (the default), stored
 * even where it would be readable on disk (asked explicitly), or kept for this session only.
 */
export const storeKeySchema = z.enum(['encrypted-only', 'allow-weak', 'session-only'])

/** The user's choice of where a new API key is kept. */
export type StoreKey = z.infer<typeof storeKeySchema>

const secretStorage = z.object({
  /**
   * 'encrypted': by the OS secret store; 'weak': the OS has none, a stored key would be readable
   * by anyone who can read the user's files (Linux `basic_text`); 'unavailable': nothing can be
   * stored; 'none': this host keeps keys for the session only (browser mode, CLI).
   */
  storage: z.enum(['encrypted', 'weak', 'unavailable', 'none']),
  /** The OS mechanism's name where known (Linux: `gnome_libsecret`, `kwallet6`, `basic_text`). */
  backend: z.string().nullable(),
  /** Stored keys that could not be read, each saying what to do. */
  problems: z.array(z.string()),
})

/** How the host keeps API keys, as `secrets.status` reports it. */
export type SecretStorage = z.infer<typeof secretStorage>

/** The secret storage methods' schemas, listed by contract.ts. */
export const secretMethods = {
  'secrets.status': {
    input: z.object({}).strict(),
    output: secretStorage,
  },
} as const
