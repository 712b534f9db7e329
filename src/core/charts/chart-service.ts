// The Monitoring charts over the current filter (issue 6): each chart's range is the filter's
// from/to within the organization's events, its buckets chosen from the range's length; its SQL
// reads the rollups (rollups.ts) when they are current and can answer the filter exactly, else
// the events; either way it runs on the chart worker (chart-worker.ts), so the main thread only
// plans and shapes.
import type Database from 'better-sqlite3'
import type { MethodOutput, MethodParams } from '../../shared/contract'
import type { EventFilter } from '../../shared/filter'
import { CoreError } from '../errors'
import { bucketFor, bucketMs, dayMs, floorTo, hourMs, splitRange, type Segment } from './buckets'
import { isRollupFilter, withoutActionFor } from './chart-filters'
import {
  countryTotals,
  failedHourCells,
  healthBuckets,
  keyBuckets,
  signInBuckets,
  topRoutes,
} from './chart-shapes'
import {
  countryStatements,
  endpointStatements,
  failedHoursStatement,
  healthStatements,
  keyStatements,
  signInStatements,
  type Buckets,
} from './chart-statements'
import { createChartStore } from './chart-store'
import { createChartRunner, type ChartRunnerOptions } from './chart-worker'
import { percentileErrorBound } from './histogram'
import { createRollupStateStore, type RollupSource } from './rollup-state-store'
import { signInAction } from './sign-in-rollup-store'

type Output<M extends ChartMethod> = MethodOutput<M>
type ChartMethod =
  | 'charts.signIns'
  | 'charts.failedSignInHours'
  | 'charts.signInCountries'
  | 'charts.keyRequests'
  | 'charts.requestHealth'
  | 'charts.topEndpoints'

/** A chart's range, buckets and the parts of the range each source answers. */
type Plan = {
  axis: NonNullable<Output<'charts.signIns'>['axis']>
  buckets: Buckets
  /** The whole range, answered by the events. */
  range: Segment
}

/**
 * The chart methods and a close that stops their workers: one for the sign-in charts and one for
 * the request charts, so the panel's two halves are computed side by side.
 */
export function createChartService(db: () => Database.Database, options: ChartRunnerOptions = {}) {
  const signInRunner = createChartRunner(db, options)
  const requestRunner = createChartRunner(db, options)
  let stores:
    | {
        charts: ReturnType<typeof createChartStore>
        states: ReturnType<typeof createRollupStateStore>
      }
    | undefined
  const open = () =>
    (stores ??= { charts: createChartStore(db()), states: createRollupStateStore(db()) })

  const plan = (filter: EventFilter): Plan | undefined => {
    const connectionId = filter.connectionId
    if (connectionId === undefined)
      throw new CoreError(
        'invalid_input',
        'Charts need an organization: choose one, then open them again.',
      )
    const extent = open().charts.extent(connectionId)
    if (extent === undefined) return undefined
    const from = Math.max(filter.from ?? extent.first, extent.first)
    const to = Math.min(filter.to ?? extent.last + 1, extent.last + 1)
    if (from >= to) return undefined
    const bucket = bucketFor(from, to)
    const size = bucketMs(bucket)
    return {
      axis: { from, to, bucket, bucketMs: size },
      buckets: { origin: floorTo(from, size), size },
      range: { from, to, source: { kind: 'events' } },
    }
  }
  /** The parts of the range: rollup spans (coarsest first) when they answer `filter`, else events. */
  const parts = (
    source: RollupSource,
    filter: EventFilter,
    chosen: Plan,
    spans: readonly number[],
  ): { parts: Segment[]; computedFrom: 'summaries' | 'events' } => {
    const stream = source === 'audit_events' ? 'audit-events' : 'request-logs'
    if (!isRollupFilter(stream, filter) || !open().states.isCurrent(source))
      return { parts: [chosen.range], computedFrom: 'events' }
    return { parts: splitRange(chosen.axis.from, chosen.axis.to, spans), computedFrom: 'summaries' }
  }
  const spansFor = (chosen: Plan) => (chosen.axis.bucket === 'hour' ? [hourMs] : [dayMs, hourMs])

  return {
    'charts.signIns': async ({
      filter,
    }: MethodParams<'charts.signIns'>): Promise<Output<'charts.signIns'>> => {
      const chosen = plan(filter)
      const signIns = withoutActionFor(filter, signInAction)
      if (chosen === undefined || signIns === false)
        return { axis: chosen?.axis ?? null, computedFrom: 'events', buckets: [] }
      const { parts: split, computedFrom } = parts(
        'audit_events',
        signIns,
        chosen,
        spansFor(chosen),
      )
      const rows = await signInRunner.run(
        'charts.signIns',
        signInStatements(signIns, split, chosen.buckets),
      )
      return { axis: chosen.axis, computedFrom, buckets: signInBuckets(rows, chosen.buckets) }
    },
    'charts.failedSignInHours': async ({
      filter,
    }: MethodParams<'charts.failedSignInHours'>): Promise<Output<'charts.failedSignInHours'>> => {
      const chosen = plan(filter)
      const signIns = withoutActionFor(filter, signInAction)
      if (chosen === undefined || signIns === false)
        return { axis: chosen?.axis ?? null, cells: [], total: 0 }
      const monday = floorTo(chosen.axis.from, 7 * dayMs)
      const rows = await signInRunner.run('charts.failedSignInHours', [
        failedHoursStatement(signIns, chosen.range, monday),
      ])
      const cells = failedHourCells(rows)
      return {
        axis: chosen.axis,
        cells,
        total: cells.reduce((sum, cell) => sum + cell.failures, 0),
      }
    },
    'charts.signInCountries': async ({
      filter,
    }: MethodParams<'charts.signInCountries'>): Promise<Output<'charts.signInCountries'>> => {
      const chosen = plan(filter)
      const signIns = withoutActionFor(filter, signInAction)
      if (chosen === undefined || signIns === false)
        return { computedFrom: 'events', countries: [] }
      const { parts: split, computedFrom } = parts('audit_events', signIns, chosen, [dayMs, hourMs])
      const rows = await signInRunner.run(
        'charts.signInCountries',
        countryStatements(signIns, split),
      )
      return { computedFrom, countries: countryTotals(rows) }
    },
    'charts.keyRequests': async ({
      filter,
    }: MethodParams<'charts.keyRequests'>): Promise<Output<'charts.keyRequests'>> => {
      const chosen = plan(filter)
      if (chosen === undefined)
        return { axis: null, computedFrom: 'events', keys: [], otherKeys: 0, buckets: [] }
      const { parts: split, computedFrom } = parts('request_logs', filter, chosen, spansFor(chosen))
      const rows = await requestRunner.run(
        'charts.keyRequests',
        keyStatements(filter, split, chosen.buckets),
      )
      const shaped = keyBuckets(rows, chosen.buckets)
      const connectionId = filter.connectionId ?? ''
      const keys = shaped.keys.map((key) => ({
        ...key,
        ...(key.keyId === null
          ? { name: null, last4: null }
          : open().charts.keyName(connectionId, key.keyId)),
      }))
      return { axis: chosen.axis, computedFrom, ...shaped, keys }
    },
    'charts.requestHealth': async ({
      filter,
    }: MethodParams<'charts.requestHealth'>): Promise<Output<'charts.requestHealth'>> => {
      const chosen = plan(filter)
      if (chosen === undefined)
        return { axis: null, computedFrom: 'events', percentileErrorBound, buckets: [] }
      const { parts: split, computedFrom } = parts('request_logs', filter, chosen, spansFor(chosen))
      const rows = await requestRunner.run(
        'charts.requestHealth',
        healthStatements(filter, split, chosen.buckets),
      )
      return {
        axis: chosen.axis,
        computedFrom,
        percentileErrorBound,
        buckets: healthBuckets(rows, split, chosen.buckets),
      }
    },
    'charts.topEndpoints': async ({
      filter,
    }: MethodParams<'charts.topEndpoints'>): Promise<Output<'charts.topEndpoints'>> => {
      const chosen = plan(filter)
      if (chosen === undefined)
        return { computedFrom: 'events', endpoints: [], others: { routes: 0, requests: 0 } }
      const { parts: split, computedFrom } = parts('request_logs', filter, chosen, [dayMs, hourMs])
      const rows = await requestRunner.run('charts.topEndpoints', endpointStatements(filter, split))
      return { computedFrom, ...topRoutes(rows) }
    },
    close: (): void => {
      signInRunner.close()
      requestRunner.close()
    },
  }
}

/** The chart service as the core holds it. */
export type ChartService = ReturnType<typeof createChartService>
