// Formatting for findings' explanations: plain text with the numbers that triggered them. Times
// are UTC; values from the logs (emails, addresses) go in as they are (the UI renders text).

/** `2026-11-09 15:00 UTC` (seconds when they are not zero). */
export function utc(time: number): string {
  const iso = new Date(time).toISOString()
  const seconds = iso.slice(17, 19)
  return `${iso.slice(0, 10)} ${iso.slice(11, seconds === '00' ? 16 : 19)} UTC`
}

/** `1 sign-in`, `3 sign-ins`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`
}

/** A number as people read it: whole numbers grouped, others with at most two decimals. */
export function figure(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 })
}

/** `a`, `a and b`, `a, b and c`, cut to `max` items with `and N more`. */
export function listText(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max)
  const rest = items.length - shown.length
  const parts = rest > 0 ? [...shown, `${String(rest)} more`] : shown
  if (parts.length <= 1) return parts[0] ?? ''
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`
}

/** Counts of values, most frequent first: `invalid_password 35, account_locked 5`. */
export function tally(values: readonly (string | null)[]): string {
  const counts = new Map<string, number>()
  for (const value of values) {
    const name = value ?? 'none'
    counts.set(name, (counts.get(name) ?? 0) + 1)
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, count]) => `${name} ${String(count)}`)
    .join(', ')
}

/** A duration in minutes or hours, rounded: `7 minutes`, `2.5 hours`. */
export function span(ms: number): string {
  const minutes = ms / 60_000
  if (minutes < 1) return `${String(Math.max(0, Math.round(ms / 1000)))} seconds`
  if (minutes < 120) return plural(Math.round(minutes), 'minute')
  return `${figure(Math.round((minutes / 60) * 10) / 10)} hours`
}
