import { useEffect, useState } from 'react'
import type { CountryDatabaseInfo } from '../../../shared/findings-schemas'
import { useClient } from '../../client/ClientContext'
import { formatCount, formatUtc } from '../../format'

/**
 * Which offline IP-to-country database places addresses (the country filter, sign-ins by
 * country, the location detections): the packaged one, or a newer MaxMind-format file. The
 * desktop app picks the file with its own dialog; browser mode explains the serve option.
 */
export function CountryDatabaseSetting() {
  const client = useClient()
  const [info, setInfo] = useState<CountryDatabaseInfo | undefined>()
  const [message, setMessage] = useState<{ text: string; isError: boolean } | undefined>()
  const [isBusy, setBusy] = useState(false)

  useEffect(() => {
    let isCurrent = true
    void client.call('countryDatabase.get', {}).then((result) => {
      if (!isCurrent) return
      if (result.ok) setInfo(result.value)
      else setMessage({ text: result.error.message, isError: true })
    })
    return () => {
      isCurrent = false
    }
  }, [client])

  const choose = async () => {
    setBusy(true)
    setMessage(undefined)
    const result = await client.call('countryDatabase.choose', {})
    setBusy(false)
    if (!result.ok) {
      setMessage({ text: result.error.message, isError: true })
      return
    }
    setInfo(result.value)
    if (!result.value.isCancelled)
      setMessage({
        text: 'Every known address was placed again with the chosen database.',
        isError: false,
      })
  }
  const restoreDefault = async () => {
    setBusy(true)
    const result = await client.call('countryDatabase.useDefault', {})
    setBusy(false)
    if (result.ok) {
      setInfo(result.value)
      setMessage({
        text: 'Back to the packaged database; every known address was placed again.',
        isError: false,
      })
    } else setMessage({ text: result.error.message, isError: true })
  }

  if (info === undefined)
    return message === undefined ? (
      <p className="muted">Reading the country database…</p>
    ) : (
      <p className="form-error" role="alert">
        {message.text}
      </p>
    )
  return (
    <div className="settings-form" data-testid="settings-country-database">
      <p data-testid="settings-country-database-current">
        {info.source === 'packaged' ? (
          <>
            The packaged database (<code>@ip-location-db/geo-whois-asn-country-mmdb</code>, CC BY
            4.0)
          </>
        ) : (
          <>
            <code className="path">{info.file}</code>
          </>
        )}
        {info.databaseType === null ? '' : ` — ${info.databaseType}`}
        {info.builtAt === null ? '' : `, built ${formatUtc(info.builtAt)}`}. It places{' '}
        {formatCount(info.placed)} of the {formatCount(info.addresses)} addresses seen.
      </p>
      {info.problem !== null && (
        <p className="form-error" role="alert">
          {info.problem}
        </p>
      )}
      {info.canChoose ? (
        <div className="settings-row">
          <button type="button" className="button" disabled={isBusy} onClick={() => void choose()}>
            Choose a MaxMind-format file…
          </button>
          {info.source === 'file' && (
            <button
              type="button"
              className="button"
              disabled={isBusy}
              onClick={() => void restoreDefault()}
            >
              Use the packaged database
            </button>
          )}
        </div>
      ) : (
        <p className="muted" data-testid="settings-country-database-how">
          To use a newer MaxMind-format country file (such as GeoLite2-Country.mmdb), start browser
          mode with <code>audit-desk serve --country-db FILE</code>; the file is checked, kept as
          this cache&apos;s setting, and every address is placed again.
          {info.source === 'file' && (
            <>
              {' '}
              <button
                type="button"
                className="button"
                disabled={isBusy}
                onClick={() => void restoreDefault()}
              >
                Use the packaged database
              </button>
            </>
          )}
        </p>
      )}
      {message !== undefined && (
        <p className={message.isError ? 'form-error' : 'form-notice'} role="status">
          {message.text}
        </p>
      )}
    </div>
  )
}
