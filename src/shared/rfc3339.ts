// Strict RFC 3339 date-time parsing (CONVENTIONS.md §4): an explicit offset is required, every
// field is range-checked (no 2026-02-30, no 24:00), and the result is epoch milliseconds UTC.
// Date.parse is not used: it accepts offset-less and locale forms and silently rolls dates over.

const pattern =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/

const daysInMonth = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate()

/**
 * Parses an RFC 3339 date-time with offset into epoch milliseconds (fraction beyond milliseconds
 * truncated); undefined for anything else, including leap seconds and impossible dates.
 */
export function parseRfc3339(text: string): number | undefined {
  const match = pattern.exec(text)
  if (match === null) return undefined
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ] // six capture groups that the pattern guarantees are digits
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  if (hour > 23 || minute > 59 || second > 59) return undefined
  const fraction = match[7] ?? ''
  const milliseconds = Number(fraction.slice(0, 3).padEnd(3, '0'))
  let offsetMinutes = 0
  if (match[8] === undefined) {
    const offsetHours = Number(match[10])
    const offsetMins = Number(match[11])
    if (offsetHours > 23 || offsetMins > 59) return undefined
    offsetMinutes = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins)
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, milliseconds)
  return utc - offsetMinutes * 60_000
}

/** Formats epoch milliseconds as the contract's form: `2026-11-25T10:15:30.123Z`. */
export function formatRfc3339(epochMs: number): string {
  return new Date(epochMs).toISOString()
}
