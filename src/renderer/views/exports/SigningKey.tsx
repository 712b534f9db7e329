import { useEffect, useState } from 'react'
import { useClient } from '../../client/ClientContext'

/** The installation's signing key fingerprint, to be given to the auditor out of band. */
export function SigningKey() {
  const client = useClient()
  const [key, setKey] = useState<{ fingerprint: string } | { error: string } | undefined>()
  useEffect(() => {
    let isCurrent = true
    void client.call('exports.signingKey', {}).then((result) => {
      if (isCurrent)
        setKey(
          result.ok ? { fingerprint: result.value.fingerprint } : { error: result.error.message },
        )
    })
    return () => {
      isCurrent = false
    }
  }, [client])
  if (key === undefined) return <p className="muted">Reading the signing key…</p>
  if ('error' in key)
    return (
      <p className="form-error" role="alert">
        {key.error}
      </p>
    )
  return (
    <div className="exports-card" data-testid="signing-key">
      <p>Packs are signed with this installation&apos;s Ed25519 key. Its SHA-256 fingerprint:</p>
      <p>
        <code className="signing-fingerprint" data-testid="signing-fingerprint">
          {key.fingerprint}
        </code>
      </p>
      <p className="muted">
        Give this fingerprint to the auditor out of band (in person, by phone or a separate
        channel), not with the pack: it lets them check that the public key inside a pack is yours.
      </p>
    </div>
  )
}
