import { describe, expect, it } from 'vitest'
import { keptText, keyStorageText } from './key-storage-text'

describe('the Connect form key storage text', () => {
  it('asks only where a stored key would be readable', () => {
    const base = { backend: null, problems: [] }
    expect(keyStorageText({ ...base, storage: 'weak', backend: 'basic_text' })).toMatchObject({
      needsChoice: true,
      text: expect.stringMatching(/readable by anyone who can read your files/) as unknown,
    })
    for (const storage of ['encrypted', 'unavailable', 'none'] as const)
      expect(keyStorageText({ ...base, storage }).needsChoice).toBe(false)
  })

  it("names the Linux password manager, and never shows safeStorage's own identifiers", () => {
    const encrypted = { storage: 'encrypted' as const, problems: [] }
    expect(keyStorageText({ ...encrypted, backend: 'kwallet6' }).text).toContain('(KWallet)')
    expect(keyStorageText({ ...encrypted, backend: 'gnome_libsecret' }).text).toContain(
      'GNOME Keyring',
    )
    expect(keyStorageText({ ...encrypted, backend: 'some_future_store' }).text).not.toContain(
      'some_future_store',
    )
    expect(keyStorageText({ ...encrypted, backend: null }).text).toMatch(/secret store,/)
  })

  it('says where the key went after connecting', () => {
    expect(keptText('Acme', 'secret-store')).toBe('Connected to Acme. The key is stored encrypted.')
    expect(keptText('Acme', 'weak-store')).toMatch(/unencrypted on this computer/)
    expect(keptText('Acme', 'session')).toMatch(/memory only/)
  })
})
