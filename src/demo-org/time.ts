// Time helpers: the contract's timestamp format, UTC days, strict parsing of client input, and
// local wall-clock hours in a member's time zone.

/** Milliseconds in one hour. */
export const hourMs = 3_600_000
/** Milliseconds in one day. */
export const dayMs = 86_400_000

let isoDay = NaN
let isoPrefix = ''

/** The contract's timestamp text: RFC 3339 UTC with milliseconds and a trailing `Z`. */
export function iso(time: number): string {
  const day = Math.floor(time / dayMs)
  if (day !== isoDay) {
    isoDay = day
    isoPrefix = new Date(day * dayMs).toISOString().slice(0, 11)
  }
  // Hot path of generation: build hh:mm:ss.mmm without a Date object.
  const rest = time - day * dayMs
  const hours = Math.floor(rest / hourMs)
  const minutes = Math.floor((rest % hourMs) / 60_000)
  const seconds = Math.floor((rest % 60_000) / 1000)
  const milliseconds = rest % 1000
  return `${isoPrefix}${two(hours)}:${two(minutes)}:${two(seconds)}.${milliseconds < 10 ? '00' : milliseconds < 100 ? '0' : ''}${milliseconds}Z`
}

function two(value: number): string {
  return value < 10 ? `0${value}` : `${value}`
}

/** The UTC day number (days since 1970-01-01) of an instant. */
export function dayOf(time: number): number {
  return Math.floor(time / dayMs)
}

/** `YYYY-MM-DD` of a UTC day number. */
export function dateText(day: number): string {
  return iso(day * dayMs).slice(0, 10)
}

const rfc3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/

/**
 * Parses an RFC 3339 date-time with an offset into epoch milliseconds, or returns null. Fractions
 * finer than a millisecond round up, so "recorded at or after" stays exact on millisecond data.
 */
export function parseRfc3339(text: string): number | null {
  const match = rfc3339.exec(text)
  if (match === null) return null
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ] // the regex guarantees six digit groups
  const fraction = match[7] ?? ''
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null
  let offset = 0
  if (match[9] !== undefined) {
    const offsetHours = Number(match[10])
    const offsetMinutes = Number(match[11])
    if (offsetHours > 23 || offsetMinutes > 59) return null
    offset = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000
  }
  const milliseconds = fraction === '' ? 0 : Math.ceil(Number(`0.${fraction}`) * 1000 - 1e-9)
  return utc(year, month, day) + ((hour * 60 + minute) * 60 + second) * 1000 + milliseconds - offset
}

/** Parses a `YYYY-MM-DD` calendar date into a UTC day number, or returns null. */
export function parseDate(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (match === null) return null
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  if (!isValidDate(year, month, day)) return null
  return dayOf(utc(year, month, day))
}

function utc(year: number, month: number, day: number): number {
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day) // Date.UTC maps years below 100 to the 1900s
  return date.getTime()
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  return day <= (lengths[month - 1] ?? 0)
}

const offsetCache = new Map<string, number>()
const formatters = new Map<string, Intl.DateTimeFormat>()

/** The UTC offset in minutes of `timeZone` during the hour containing `time`. Cached per day
 * (Intl is slow); only on days where the offset changes is each hour looked up. */
export function offsetMinutes(timeZone: string, time: number): number {
  const day = Math.floor(time / dayMs)
  const dayKey = `${timeZone}|${day}`
  const dayOffset =
    offsetCache.get(dayKey) ?? cacheOffset(dayKey, timeZone, day * dayMs, (day + 1) * dayMs - 1)
  if (!Number.isNaN(dayOffset)) return dayOffset
  const hour = Math.floor(time / hourMs)
  const hourKey = `${timeZone}|h${hour}`
  return offsetCache.get(hourKey) ?? cacheOffset(hourKey, timeZone, hour * hourMs, hour * hourMs)
}

/** Caches the offset shared by `from` and `to`, or NaN when they differ (a DST change). */
function cacheOffset(key: string, timeZone: string, from: number, to: number): number {
  const first = lookUpOffset(timeZone, from)
  const offset = from === to || lookUpOffset(timeZone, to) === first ? first : NaN
  if (offsetCache.size > 100_000) offsetCache.clear()
  offsetCache.set(key, offset)
  return offset
}

function lookUpOffset(timeZone: string, time: number): number {
  let formatter = formatters.get(timeZone)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    formatters.set(timeZone, formatter)
  }
  const name = formatter.formatToParts(time).find((part) => part.type === 'timeZoneName')
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name?.value ?? '')
  if (match === null) return 0
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]))
}

/** Wall-clock hour (0-23, fractional) and weekday (0 = Sunday) of `time` in `timeZone`. */
export function localClock(timeZone: string, time: number): { hour: number; weekday: number } {
  const local = time + offsetMinutes(timeZone, time) * 60_000
  const hour = (local % dayMs) / hourMs
  const weekday = (Math.floor(local / dayMs) + 4) % 7 // 1970-01-01 was a Thursday
  return { hour, weekday }
}
