/** Bytes as a short human figure: 0 B, 12.3 KB, 4.5 MB, 1.2 GB (powers of 1024). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${unit === 0 ? String(value) : value.toFixed(1)} ${units[unit] ?? 'B'}`
}

/** An epoch-ms instant as ISO 8601 UTC to the second, labelled with its zone. */
export function formatUtc(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

/** A whole count with thousands separators: 1,234,567. */
export const formatCount = (count: number): string => count.toLocaleString('en-US')

/** A duration in milliseconds as a short estimate: 45 s, 3 min 20 s, 1 h 5 min. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${String(seconds)} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${String(minutes)} min ${String(seconds % 60)} s`
  return `${String(Math.floor(minutes / 60))} h ${String(minutes % 60)} min`
}
