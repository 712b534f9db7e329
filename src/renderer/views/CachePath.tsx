import { useAppStore } from '../state/app-store'

/** The cache file this window reads, as inline code (or nothing while unknown). */
export function CachePath() {
  const path = useAppStore((state) => state.info?.database.path)
  if (path === undefined) return null
  return <code className="path">{path}</code>
}
