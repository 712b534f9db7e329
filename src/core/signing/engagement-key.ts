// Keys of the pseudonymised redaction profile (issue 7, item 3): one HMAC key per engagement,
// derived from a 32-byte installation secret (mode 0600) and the engagement's name, so the same
// person gets the same pseudonym in every pack of one engagement and unrelated ones elsewhere.
import { createHash, hkdfSync, randomBytes } from 'node:crypto'
import path from 'node:path'
import { CoreError } from '../errors'
import { readOrCreateSecretFile } from './key-files'

/** The secret's file name inside the data directory. */
export const pseudonymSecretFileName = 'pseudonym-secret'

const secretLength = 32

/** The HMAC key of `engagement` (32 bytes), creating the installation secret on first use. */
export function engagementKey(dataDirectory: string, engagement: string): Buffer {
  const file = path.join(dataDirectory, pseudonymSecretFileName)
  const secret = readOrCreateSecretFile(file, () => randomBytes(secretLength))
  if (secret.length !== secretLength) {
    throw new CoreError(
      'internal',
      `${file} is damaged (${secret.length} bytes, expected ${secretLength}). Audit Desk left it untouched: restore it from a backup, or move it aside to start new pseudonyms (earlier packs' pseudonyms will then no longer match).`,
    )
  }
  const info = Buffer.from(`audit-desk pseudonyms\u0000${engagement}`, 'utf8')
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), info, secretLength))
}

/** A public name of a key (first 16 hex of SHA-256 over a label and the key): tells packs made
 * with the same key apart from others without revealing it. */
export function keyId(key: Buffer): string {
  return createHash('sha256')
    .update('audit-desk key id\u0000')
    .update(key)
    .digest('hex')
    .slice(0, 16)
}
