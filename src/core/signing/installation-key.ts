// The installation's Ed25519 signing key (issue 7): audit pack manifests are signed with it. The
// private key stays in the data directory (PKCS#8 PEM, mode 0600); only the public key and its
// fingerprint ever leave it (packs, the Settings view, logs).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import path from 'node:path'
import { CoreError } from '../errors'
import { readOrCreateSecretFile } from './key-files'

/** The key's file name inside the data directory. */
export const installationKeyFileName = 'installation-signing-key.pem'

/** The private key, its public half as SPKI PEM, and the SHA-256 hex of the public key's DER. */
export type InstallationKey = { privateKey: KeyObject; publicKeyPem: string; fingerprint: string }

/** Loads the installation's key, creating it (mode 0600) on first use. A file that is not an
 * Ed25519 private key is reported, never replaced. */
export function loadInstallationKey(dataDirectory: string): InstallationKey {
  const file = path.join(dataDirectory, installationKeyFileName)
  const pem = readOrCreateSecretFile(file, () => {
    const { privateKey } = generateKeyPairSync('ed25519')
    return Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' }))
  })
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' })
  } catch (cause) {
    throw damaged(file, cause)
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw damaged(file)
  const publicKey = createPublicKey(privateKey)
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: publicKeyFingerprint(publicKey),
  }
}

/** SHA-256 hex of a public key's SPKI DER: what `openssl pkey -pubin -outform DER | sha256sum`
 * prints, so an auditor can compare it out of band. */
export function publicKeyFingerprint(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
}

function damaged(file: string, cause?: unknown): CoreError {
  return new CoreError(
    'internal',
    `${file} is not an Ed25519 private key in PEM form. Audit Desk left it untouched: restore it from a backup, or move it aside to create a new key (auditors must then be given the new fingerprint).`,
    { cause },
  )
}
