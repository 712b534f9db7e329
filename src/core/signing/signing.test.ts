import { execFileSync } from 'node:child_process'
import { createHash, sign, verify } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { engagementKey, keyId, pseudonymSecretFileName } from './engagement-key'
import { installationKeyFileName, loadInstallationKey } from './installation-key'

describe('installation signing key', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => {
    temp = makeTempDir()
  })
  afterEach(() => {
    temp.remove()
  })

  it('is created once with mode 0600 and loads the same key afterwards', () => {
    const dataDirectory = path.join(temp.dir, 'data')
    const first = loadInstallationKey(dataDirectory)
    const file = path.join(dataDirectory, installationKeyFileName)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(fs.readdirSync(dataDirectory)).toEqual([installationKeyFileName])
    const again = loadInstallationKey(dataDirectory)
    expect(again.fingerprint).toBe(first.fingerprint)
    expect(again.publicKeyPem).toBe(first.publicKeyPem)
    expect(first.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    const signature = sign(null, Buffer.from('manifest'), first.privateKey)
    expect(verify(null, Buffer.from('manifest'), first.publicKeyPem, signature)).toBe(true)
  })

  it('has the fingerprint openssl computes from the public key PEM', () => {
    const key = loadInstallationKey(temp.dir)
    const pemFile = path.join(temp.dir, 'public.pem')
    fs.writeFileSync(pemFile, key.publicKeyPem)
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', pemFile, '-outform', 'DER'])
    expect(createHash('sha256').update(der).digest('hex')).toBe(key.fingerprint)
  })

  it('reports a damaged key file by name and leaves it untouched', () => {
    const file = path.join(temp.dir, installationKeyFileName)
    fs.writeFileSync(file, 'not a key')
    expect(() => loadInstallationKey(temp.dir)).toThrow(
      /installation-signing-key\.pem is not an Ed25519 private key/,
    )
    expect(fs.readFileSync(file, 'utf8')).toBe('not a key')
  })
})

describe('engagement pseudonym keys', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => {
    temp = makeTempDir()
  })
  afterEach(() => {
    temp.remove()
  })

  it('are stable per engagement, differ across engagements and installations', () => {
    const key = engagementKey(temp.dir, 'SOC 2 2026')
    expect(key).toHaveLength(32)
    expect(engagementKey(temp.dir, 'SOC 2 2026').equals(key)).toBe(true)
    expect(engagementKey(temp.dir, 'ISO 27001').equals(key)).toBe(false)
    expect(fs.statSync(path.join(temp.dir, pseudonymSecretFileName)).mode & 0o777).toBe(0o600)
    const other = makeTempDir()
    try {
      expect(engagementKey(other.dir, 'SOC 2 2026').equals(key)).toBe(false)
    } finally {
      other.remove()
    }
    expect(keyId(key)).toMatch(/^[0-9a-f]{16}$/)
    expect(keyId(key)).not.toBe(keyId(engagementKey(temp.dir, 'ISO 27001')))
  })

  it('reports a damaged secret file and leaves it untouched', () => {
    const file = path.join(temp.dir, pseudonymSecretFileName)
    fs.writeFileSync(file, 'short')
    expect(() => engagementKey(temp.dir, 'x')).toThrow(/pseudonym-secret is damaged \(5 bytes/)
    expect(fs.readFileSync(file, 'utf8')).toBe('short')
  })
})
