import { useAppStore } from '../state/app-store'

/** A banner when the cache cannot be used, with the core's own message (cause and next step). */
export function CacheBanner() {
  const info = useAppStore((state) => state.info)
  const infoError = useAppStore((state) => state.infoError)
  if (infoError !== undefined) {
    return (
      <div className="banner error" role="alert" data-testid="core-error">
        <strong>Audit Desk cannot reach its core.</strong> {infoError.message}
      </div>
    )
  }
  if (info?.database.state !== 'unavailable') return null
  return (
    <div className="banner error" role="alert" data-testid="cache-error">
      <strong>The local cache is unavailable.</strong> {info.database.message}
    </div>
  )
}
