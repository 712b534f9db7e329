// Instants are stored as epoch milliseconds UTC. They are shown to the millisecond, either in UTC
// or in this computer's zone, always with the zone stated somewhere the reader sees it.
import type { TimeMode } from './types'

/** Options of formatInstant. */
export type InstantOptions = {
  /** The IANA zone for local mode; this computer's zone when absent. */
  zone?: string
  /** Add the zone (" UTC") or the UTC offset (" +02:00"), so the text stands on its own. */
  withZone?: boolean
}

const maxEpochMs = 8.64e15
const formatters = new Map<string, Intl.DateTimeFormat>()

/** This computer's IANA time zone (Europe/Berlin), or UTC when the runtime does not say. */
export function localTimeZone(): string {
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone
  return zone === '' ? 'UTC' : zone
}

/** What a time column or toggle calls the mode: "UTC" or "local, Europe/Berlin". */
export function zoneLabel(mode: TimeMode, zone: string = localTimeZone()): string {
  return mode === 'utc' ? 'UTC' : `local, ${zone}`
}

/** An instant as "2026-11-26 09:05:07.123" in UTC or in a zone; "invalid time" when out of range. */
export function formatInstant(
  epochMs: number,
  mode: TimeMode,
  options: InstantOptions = {},
): string {
  if (!Number.isFinite(epochMs) || Math.abs(epochMs) > maxEpochMs) return 'invalid time'
  if (mode === 'utc') {
    const text = new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '')
    return options.withZone === true ? `${text} UTC` : text
  }
  const fields = zonedFields(epochMs, options.zone ?? localTimeZone())
  const text = `${fields.date} ${fields.time}`
  return options.withZone === true ? `${text} ${formatOffset(fields.offsetMinutes)}` : text
}

/** A UTC offset in minutes as "+05:30" or "-03:30". */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+'
  const minutes = Math.abs(offsetMinutes)
  return `${sign}${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`
}

function zonedFields(epochMs: number, zone: string) {
  const parts = formatterFor(zone).formatToParts(new Date(epochMs))
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((candidate) => candidate.type === type)?.value ?? '0')
  const [year, month, day] = [part('year'), part('month'), part('day')]
  const [hour, minute, second] = [part('hour'), part('minute'), part('second')]
  const millisecond = part('fractionalSecond')
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const wallClock = new Date(0)
  wallClock.setUTCFullYear(year, month - 1, day)
  wallClock.setUTCHours(hour, minute, second, millisecond)
  return {
    date: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`,
    time: `${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(millisecond, 3)}`,
    offsetMinutes: Math.round((wallClock.getTime() - epochMs) / 60_000),
  }
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  const cached = formatters.get(zone)
  if (cached !== undefined) return cached
  let formatter: Intl.DateTimeFormat
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      fractionalSecondDigits: 3,
      hourCycle: 'h23',
    })
  } catch {
    // An unknown zone name: show UTC rather than fail every cell.
    return formatterFor('UTC')
  }
  formatters.set(zone, formatter)
  return formatter
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0')
}
