// Strict RFC 3339 date-time parsing (CONVENTIONS.md §4): an explicit offset is required, every
// field is range-checked (no 2026-02-30, no 24:00), and the result is epoch milliseconds UTC.
// Date.parse is not used: it accepts offset-less and locale forms and silently rolls dates over;
// Date.UTC is not used either: it maps years 0-99 to 1900-1999. The parser reads character codes
// (a sync parses two timestamps per event, millions of times).

const zero = 48
const isDigit = (code: number): boolean => code >= zero && code <= zero + 9

/** The number written by `length` ASCII digits at `start`, or -1 when one is not a digit. */
function digits(text: string, start: number, length: number): number {
  let value = 0
  for (let index = start; index < start + length; index++) {
    const code = text.charCodeAt(index)
    if (!isDigit(code)) return -1
    value = value * 10 + code - zero
  }
  return value
}

const isLeapYear = (year: number): boolean =>
  year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)

const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

/**
 * Parses an RFC 3339 date-time with offset into epoch milliseconds (fraction beyond milliseconds
 * truncated); undefined for anything else, including leap seconds and impossible dates.
 */
export function parseRfc3339(text: string): number | undefined {
  // yyyy-mm-ddThh:mm:ss is 19 characters; the shortest offset ("Z") makes 20.
  if (text.length < 20) return undefined
  if (
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    (text.charCodeAt(10) | 32) !== 116 || // T or t
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58
  ) {
    return undefined
  }
  const year = digits(text, 0, 4)
  const month = digits(text, 5, 2)
  const day = digits(text, 8, 2)
  const hour = digits(text, 11, 2)
  const minute = digits(text, 14, 2)
  const second = digits(text, 17, 2)
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || minute < 0 || second < 0) {
    return undefined
  }
  const monthLength = month === 2 && isLeapYear(year) ? 29 : (monthLengths[month - 1] ?? 0)
  if (day > monthLength || hour > 23 || minute > 59 || second > 59) return undefined
  let index = 19
  let milliseconds = 0
  if (text.charCodeAt(index) === 46) {
    // A fraction of 1 to 9 digits; only milliseconds are kept.
    const start = index + 1
    index = start
    while (index < text.length && isDigit(text.charCodeAt(index))) index++
    const length = index - start
    if (length < 1 || length > 9) return undefined
    for (let place = 0; place < 3; place++) {
      milliseconds =
        milliseconds * 10 + (place < length ? text.charCodeAt(start + place) - zero : 0)
    }
  }
  let offsetMinutes: number
  const sign = text.charCodeAt(index)
  if ((sign | 32) === 122) {
    // Z or z, ending the text
    if (index + 1 !== text.length) return undefined
    offsetMinutes = 0
  } else if (sign === 43 || sign === 45) {
    // +hh:mm or -hh:mm, ending the text
    if (index + 6 !== text.length || text.charCodeAt(index + 3) !== 58) return undefined
    const offsetHours = digits(text, index + 1, 2)
    const offsetMins = digits(text, index + 4, 2)
    if (offsetHours < 0 || offsetMins < 0 || offsetHours > 23 || offsetMins > 59) return undefined
    offsetMinutes = (sign === 45 ? -1 : 1) * (offsetHours * 60 + offsetMins)
  } else {
    return undefined
  }
  const days = daysFromCivil(year, month, day)
  const utc = ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + milliseconds
  return utc - offsetMinutes * 60_000
}

/** Formats epoch milliseconds as the contract's form: `2026-11-25T10:15:30.123Z`. */
export function formatRfc3339(epochMs: number): string {
  return new Date(epochMs).toISOString()
}
