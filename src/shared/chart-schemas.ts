// The Monitoring charts' methods (issue 6): each one aggregate of the current filter, computed by
// SQL in the core (src/core/charts), never by shipping rows. contract.ts spreads chartMethods into
// its method map. Times are epoch ms UTC; buckets and hours of day are UTC.
import { z } from 'zod'
import { eventFilterSchema } from './filter'

const epochMs = z.number().int()
const count = z.number().int().nonnegative()

/** A chart's filter: the log views' filter, always of one organization. */
const chartFilter = eventFilterSchema.refine((filter) => filter.connectionId !== undefined, {
  error: 'charts need the organization (connectionId) in the filter',
})

const chartInput = z.object({ filter: chartFilter }).strict()

/** A time chart's bucket size: hours up to 7 days, days up to 2 years, else weeks (from Monday). */
export const bucketSizeSchema = z.enum(['hour', 'day', 'week'])

/** A chart's bucket size. */
export type BucketSize = z.infer<typeof bucketSizeSchema>

/**
 * The time range charted: the filter's from/to within the cache's events (null: no events in
 * it), and the bucket size chosen from its length.
 */
const axis = z
  .object({ from: epochMs, to: epochMs, bucket: bucketSizeSchema, bucketMs: count })
  .nullable()

/** A time chart's range and buckets, as the core chose them. */
export type ChartAxis = z.infer<typeof axis>

/**
 * What answered: `summaries` (the hourly and daily rollups kept after each sync, exact for the
 * filters they can answer) or `events` (the events themselves).
 */
const computedFrom = z.enum(['summaries', 'events'])

const signIns = z.object({
  axis,
  computedFrom,
  /** Buckets with sign-ins only, oldest first; `start` is the bucket's UTC start. */
  buckets: z.array(z.object({ start: epochMs, success: count, failure: count })),
})

const failedSignInHours = z.object({
  axis,
  /** Failed sign-ins per UTC weekday (0 Monday .. 6 Sunday) and UTC hour; absent cells are 0. */
  cells: z.array(
    z.object({
      weekday: z.number().int().min(0).max(6),
      hour: z.number().int().min(0).max(23),
      failures: count,
    }),
  ),
  total: count,
})

const signInCountries = z.object({
  computedFrom,
  /** Per country (ISO 3166-1 alpha-2; null: unknown or no address), most sign-ins first. */
  countries: z.array(
    z.object({
      country: z
        .string()
        .regex(/^[A-Z]{2}$/)
        .nullable(),
      success: count,
      failure: count,
    }),
  ),
})

const apiKey = z.object({
  /** The key's id; null for requests without a valid key. */
  keyId: z.string().nullable(),
  name: z.string().nullable(),
  last4: z.string().nullable(),
  requests: count,
})

/** An API key as the requests chart names it. */
export type ChartApiKey = z.infer<typeof apiKey>

const keyRequests = z.object({
  axis,
  computedFrom,
  /** The keys with the most requests in the range, most first. */
  keys: z.array(apiKey),
  /** How many other keys were summed into the last count of each bucket. */
  otherKeys: count,
  /** Per bucket with requests: a count per key in `keys` order, then the other keys' sum. */
  buckets: z.array(z.object({ start: epochMs, counts: z.array(count) })),
})

const requestHealth = z.object({
  axis,
  computedFrom,
  /** The largest relative error of a percentile (read from a log-scale duration histogram). */
  percentileErrorBound: z.number().nonnegative(),
  buckets: z.array(
    z.object({
      start: epochMs,
      requests: count,
      /** Status 400-499. */
      clientErrors: count,
      /** Status 500 and above. */
      serverErrors: count,
      p50: z.number().nonnegative(),
      p95: z.number().nonnegative(),
      p99: z.number().nonnegative(),
    }),
  ),
})

const endpoint = z.object({
  /** The endpoint with ids in its path shown as `{id}` (with their type prefix: `doc_{id}`). */
  route: z.string(),
  /**
   * The endpoint filter (`endpoint:` of the query bar) that opens the route's requests: exact
   * when `isExact`, else a prefix ending in `*`; null when no filter can name it.
   */
  endpointFilter: z.string().nullable(),
  isExact: z.boolean(),
  requests: count,
  /** Status 400 and above. */
  errors: count,
})

/** One bar of the top endpoints chart. */
export type ChartEndpoint = z.infer<typeof endpoint>

const topEndpoints = z.object({
  computedFrom,
  /** The routes with the most requests, most first. */
  endpoints: z.array(endpoint),
  /** The routes beyond those listed and their requests. */
  others: z.object({ routes: count, requests: count }),
})

/** The chart methods, spread into the contract's method map. */
export const chartMethods = {
  'charts.signIns': { input: chartInput, output: signIns },
  'charts.failedSignInHours': { input: chartInput, output: failedSignInHours },
  'charts.signInCountries': { input: chartInput, output: signInCountries },
  'charts.keyRequests': { input: chartInput, output: keyRequests },
  'charts.requestHealth': { input: chartInput, output: requestHealth },
  'charts.topEndpoints': { input: chartInput, output: topEndpoints },
} as const
