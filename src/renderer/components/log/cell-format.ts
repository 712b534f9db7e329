// How numbers, statuses and counts read in the log table: pure functions, tested without a DOM.

const counts = new Intl.NumberFormat('en-US')

/** A count with thousands separators: 1,234,567. */
export function formatCount(value: number): string {
  return counts.format(value)
}

/** The HTTP status class of a code, with words so colour is never the only signal. */
export type StatusClass = { className: '2xx' | '3xx' | '4xx' | '5xx' | '1xx'; label: string }

const statusClasses: Record<string, StatusClass> = {
  '1': { className: '1xx', label: 'info' },
  '2': { className: '2xx', label: 'ok' },
  '3': { className: '3xx', label: 'redirect' },
  '4': { className: '4xx', label: 'client error' },
  '5': { className: '5xx', label: 'server error' },
}

/** The class of an HTTP status code (number or "404"); undefined for anything not 100-599. */
export function statusClassOf(code: string | number | null): StatusClass | undefined {
  const text = typeof code === 'number' ? String(code) : code
  if (text === null || !/^[1-5]\d\d$/.test(text)) return undefined
  return statusClasses[text.charAt(0)]
}

/** A duration in milliseconds as "1,234 ms"; fractions kept to one decimal place. */
export function formatDuration(value: string | number | null): string {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return value === null ? '' : String(value)
  const rounded = Math.round(value * 10) / 10
  return `${formatCount(rounded)} ms`
}

/** What the table says about how much it holds. */
export type LoadState = { loaded: number; total: number | undefined; hasMore: boolean }

/** "1,234,567 events · 1,200 loaded", or without a total "1,200 events loaded, more available". */
export function summaryText({ loaded, total, hasMore }: LoadState): string {
  const events = (count: number) => `${formatCount(count)} ${count === 1 ? 'event' : 'events'}`
  if (total !== undefined) {
    return loaded >= total && !hasMore
      ? events(total)
      : `${events(total)} · ${formatCount(loaded)} loaded`
  }
  return hasMore ? `${events(loaded)} loaded, more available` : events(loaded)
}
