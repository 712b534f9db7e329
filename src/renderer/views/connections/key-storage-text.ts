// What the Connect form says about where a new API key will be kept, in plain words, from the
// host's secret storage status (secrets.status) and from where connections.add kept it.
import type { MethodOutput } from '../../../shared/contract'
import type { SecretStorage } from '../../../shared/secret-schemas'

/** People's names for the Linux password managers safeStorage reports. */
const backendNames: Record<string, string> = {
  gnome_libsecret: 'GNOME Keyring (libsecret)',
  kwallet: 'KWallet',
  kwallet5: 'KWallet',
  kwallet6: 'KWallet',
}

/** One sentence on how a new key would be kept; `needsChoice` when the user must be asked. */
export function keyStorageText(status: SecretStorage): { text: string; needsChoice: boolean } {
  switch (status.storage) {
    case 'encrypted': {
      const name = status.backend === null ? undefined : backendNames[status.backend]
      return {
        text: `The key is stored encrypted by your system's secret store${name === undefined ? '' : ` (${name})`}, so you need not enter it again.`,
        needsChoice: false,
      }
    }
    case 'weak':
      return {
        text: 'This system has no secret store (no GNOME Keyring or KWallet is running), so a stored key would be readable by anyone who can read your files. Choose where to keep it:',
        needsChoice: true,
      }
    case 'unavailable':
      return {
        text: 'This system cannot encrypt the key, so it is kept in memory only: you will enter it again after a restart.',
        needsChoice: false,
      }
    case 'none':
      return {
        text: 'Browser mode keeps the key in memory only: you will enter it again after a restart.',
        needsChoice: false,
      }
  }
}

/** What the form says after connecting, naming where the key went. */
export function keptText(
  organizationName: string,
  keyStorage: MethodOutput<'connections.add'>['keyStorage'],
): string {
  switch (keyStorage) {
    case 'secret-store':
      return `Connected to ${organizationName}. The key is stored encrypted.`
    case 'weak-store':
      return `Connected to ${organizationName}. The key is stored unencrypted on this computer, as you chose.`
    case 'session':
      return `Connected to ${organizationName}. The key is kept in memory only: you will enter it again after a restart.`
  }
}
