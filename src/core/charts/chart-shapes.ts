// Turns the rows of each chart's statements (chart-statements.ts; one list per part of the range)
// into the contract's outputs: buckets with counts only, oldest first; keys, countries and routes
// most first. Rows are arrays of SQLite values; counts are summed across parts.
import type { MethodOutput } from '../../shared/contract'
import type { Buckets } from './chart-statements'
import type { ChartRows } from './chart-worker'
import { durationBinCount, emptyBins, percentileFromBins } from './histogram'
import type { Segment } from './buckets'

type Row = readonly unknown[]

const number = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0))
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)

/** Sums per key across the parts' rows, building each entry with `start` the first time. */
function tally<T>(
  rows: ChartRows,
  keyOf: (row: Row) => string,
  start: (row: Row) => T,
  add: (entry: T, row: Row) => void,
) {
  const entries = new Map<string, T>()
  for (const part of rows)
    for (const row of part) {
      const key = keyOf(row)
      let entry = entries.get(key)
      if (entry === undefined) {
        entry = start(row)
        entries.set(key, entry)
      }
      add(entry, row)
    }
  return entries
}

/** Sign-ins per bucket: rows [bucket, status, count]. */
export function signInBuckets(rows: ChartRows, buckets: Buckets) {
  const entries = tally(
    rows,
    (row) => String(row[0]),
    (row) => ({ start: buckets.origin + number(row[0]) * buckets.size, success: 0, failure: 0 }),
    (entry, row) => {
      if (row[1] === 'success') entry.success += number(row[2])
      else if (row[1] === 'failure') entry.failure += number(row[2])
    },
  )
  return [...entries.values()].sort((a, b) => a.start - b.start)
}

/** Failed sign-ins per hour and weekday: rows [hour, weekday, count]. */
export function failedHourCells(
  rows: ChartRows,
): MethodOutput<'charts.failedSignInHours'>['cells'] {
  return (rows[0] ?? [])
    .map((row) => ({ hour: number(row[0]), weekday: number(row[1]), failures: number(row[2]) }))
    .filter((cell) => cell.hour >= 0 && cell.hour < 24 && cell.weekday >= 0 && cell.weekday < 7)
    .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour)
}

const countryCode = /^[A-Z]{2}$/

/** Sign-ins per country: rows [country, status, count]; unknown countries together as null. */
export function countryTotals(
  rows: ChartRows,
): MethodOutput<'charts.signInCountries'>['countries'] {
  const entries = tally(
    rows,
    (row) => (typeof row[0] === 'string' && countryCode.test(row[0]) ? row[0] : ''),
    (row) => ({
      country: typeof row[0] === 'string' && countryCode.test(row[0]) ? row[0] : null,
      success: 0,
      failure: 0,
    }),
    (entry, row) => {
      if (row[1] === 'success') entry.success += number(row[2])
      else if (row[1] === 'failure') entry.failure += number(row[2])
    },
  )
  return [...entries.values()].sort(
    (a, b) =>
      b.success + b.failure - (a.success + a.failure) ||
      (a.country ?? '~').localeCompare(b.country ?? '~'),
  )
}

/** The most keys a requests chart draws separately (the rest are summed). */
export const maxChartKeys = 8

/** Requests per bucket and key: rows [bucket, keyId, count]; the top keys and the rest summed. */
export function keyBuckets(rows: ChartRows, buckets: Buckets) {
  const totals = tally(
    rows,
    (row) => (text(row[1]) === null ? '' : `k${String(row[1])}`),
    (row) => ({ keyId: text(row[1]), requests: 0 }),
    (entry, row) => {
      entry.requests += number(row[2])
    },
  )
  const ranked = [...totals.values()].sort(
    (a, b) => b.requests - a.requests || (a.keyId ?? '').localeCompare(b.keyId ?? ''),
  )
  const keys = ranked.slice(0, maxChartKeys)
  const slot = new Map(keys.map((key, index) => [key.keyId, index]))
  const perBucket = tally(
    rows,
    (row) => String(row[0]),
    (row) => ({
      start: buckets.origin + number(row[0]) * buckets.size,
      counts: new Array<number>(keys.length + 1).fill(0),
    }),
    (entry, row) => {
      const index = slot.get(text(row[1])) ?? keys.length
      entry.counts[index] = (entry.counts[index] ?? 0) + number(row[2])
    },
  )
  return {
    keys,
    otherKeys: ranked.length - keys.length,
    buckets: [...perBucket.values()].sort((a, b) => a.start - b.start),
  }
}

/** Requests, errors and latency percentiles per bucket, from rollup and event parts alike. */
export function healthBuckets(rows: ChartRows, parts: readonly Segment[], buckets: Buckets) {
  type Entry = {
    start: number
    requests: number
    clientErrors: number
    serverErrors: number
    bins: number[]
  }
  const entries = new Map<number, Entry>()
  const entryOf = (bucket: number): Entry => {
    let entry = entries.get(bucket)
    if (entry === undefined) {
      entry = {
        start: buckets.origin + bucket * buckets.size,
        requests: 0,
        clientErrors: 0,
        serverErrors: 0,
        bins: emptyBins(),
      }
      entries.set(bucket, entry)
    }
    return entry
  }
  for (const [index, part] of rows.entries()) {
    const isRollup = parts[index]?.source.kind === 'rollup'
    for (const row of part) {
      const entry = entryOf(number(row[0]))
      const [requests, client, server] = isRollup
        ? [row[1], row[2], row[3]]
        : [row[2], row[3], row[4]]
      entry.requests += number(requests)
      entry.clientErrors += number(client)
      entry.serverErrors += number(server)
      if (isRollup)
        for (let bin = 0; bin < durationBinCount; bin++)
          entry.bins[bin] = (entry.bins[bin] ?? 0) + number(row[4 + bin])
      else {
        const bin = number(row[1])
        entry.bins[bin] = (entry.bins[bin] ?? 0) + number(row[2])
      }
    }
  }
  return [...entries.values()]
    .filter((entry) => entry.requests > 0)
    .sort((a, b) => a.start - b.start)
    .map(({ bins, ...counts }) => ({
      ...counts,
      p50: percentileFromBins(bins, 0.5) ?? 0,
      p95: percentileFromBins(bins, 0.95) ?? 0,
      p99: percentileFromBins(bins, 0.99) ?? 0,
    }))
}

/** The most routes the top endpoints chart lists. */
export const maxChartRoutes = 10

/** Requests and errors per route: rows [route, endpointFilter, requests, errors]. */
export function topRoutes(
  rows: ChartRows,
): Omit<MethodOutput<'charts.topEndpoints'>, 'computedFrom'> {
  const entries = tally(
    rows,
    (row) => JSON.stringify([row[0], row[1]]),
    (row) => {
      const endpointFilter = text(row[1])
      return {
        route: String(row[0]),
        endpointFilter,
        isExact: endpointFilter !== null && !endpointFilter.endsWith('*'),
        requests: 0,
        errors: 0,
      }
    },
    (entry, row) => {
      entry.requests += number(row[2])
      entry.errors += number(row[3])
    },
  )
  const ranked = [...entries.values()].sort(
    (a, b) => b.requests - a.requests || a.route.localeCompare(b.route),
  )
  const rest = ranked.slice(maxChartRoutes)
  return {
    endpoints: ranked.slice(0, maxChartRoutes),
    others: { routes: rest.length, requests: rest.reduce((sum, entry) => sum + entry.requests, 0) },
  }
}
