// The coverage methods: the calendar of a stream (events and status per UTC day), verifying a
// connection against its server, and repairing mismatched days. Verification and repair hold the
// sync manager's writer lock, so neither runs beside a sync.
import type Database from 'better-sqlite3'
import type { MethodOutput, MethodParams } from '../../shared/contract'
import type { Stream } from '../../shared/filter'
import type { ErrorCode } from '../../shared/result'
import { coverageRange, readCoverage, type CoverageDay } from '../coverage/coverage-days'
import { createCoverageStore } from '../coverage/coverage-store'
import { CoreError } from '../errors'
import type { CorePorts } from '../ports'
import { createConnectionStore } from '../store/connection-store'
import { abortableSleep } from '../sync/sleep'
import { dayOf, dayText } from '../verify/days'
import { repairDays, type DayRepair } from '../verify/repair-run'
import { verifyConnection, type VerifyDeps } from '../verify/verify-connection'
import type { StreamVerification, VerifyError } from '../verify/verify-types'
import type { KeyRing } from './key-ring'
import type { SyncManager } from './sync-manager'

type Deps = {
  db: () => Database.Database
  ports: CorePorts
  fetch: typeof fetch
  syncs: SyncManager
  keys: KeyRing
}

type VerifyOutput = MethodOutput<'coverage.verify'>['streams'][number]
type RepairOutput = MethodOutput<'coverage.repair'>['days'][number]

/** Handlers of coverage.days, coverage.verify and coverage.repair. */
export function createCoverageHandlers(deps: Deps) {
  let stores:
    | {
        coverage: ReturnType<typeof createCoverageStore>
        connections: ReturnType<typeof createConnectionStore>
      }
    | undefined
  const open = () =>
    (stores ??= {
      coverage: createCoverageStore(deps.db()),
      connections: createConnectionStore(deps.db()),
    })

  const baseUrlOf = (connectionId: string): string => {
    const connection = open().connections.find(connectionId)
    if (connection === undefined)
      throw new CoreError('not_found', 'That organization is not connected in this cache.')
    return connection.baseUrl
  }

  /** The server and key of a connection, or the error naming how to get a key. */
  const serverOf = async (connectionId: string) => {
    const baseUrl = baseUrlOf(connectionId)
    const apiKey = await deps.keys.keyFor(baseUrl)
    if (apiKey === undefined) {
      throw new CoreError(
        'unauthorized',
        `No API key for ${baseUrl} in this session, so the server cannot be asked. Connect the organization again (or start the demo again); the cached events stay.`,
      )
    }
    return { baseUrl, apiKey }
  }

  const verifyDeps = (): VerifyDeps => ({
    db: deps.db(),
    fetch: deps.fetch,
    clock: deps.ports.clock,
    sleep: abortableSleep,
    random: Math.random,
  })

  /** The calendar's first day: the oldest cached day, or the server's window if that is older. */
  const firstDay = (connectionId: string, stream: Stream): string => {
    const counts = open().coverage.dayCounts(connectionId, stream)
    return dayText(coverageRange(dayOf(deps.ports.clock()), counts).fromDay)
  }

  return {
    'coverage.days': (
      input: MethodParams<'coverage.days'>,
    ): Promise<MethodOutput<'coverage.days'>> => {
      baseUrlOf(input.connectionId)
      const days = readCoverage(
        open().coverage,
        input.connectionId,
        input.stream,
        deps.ports.clock(),
      )
      return Promise.resolve({
        connectionId: input.connectionId,
        stream: input.stream,
        days,
        summary: summarise(days),
      })
    },
    'coverage.verify': async (
      input: MethodParams<'coverage.verify'>,
    ): Promise<MethodOutput<'coverage.verify'>> => {
      const server = await serverOf(input.connectionId)
      const streams = input.streams ?? (['audit-events', 'request-logs'] as const)
      return deps.syncs.exclusive('verification', async (signal) => {
        const results: VerifyOutput[] = []
        for (const stream of new Set(streams)) {
          const verified = await verifyConnection(verifyDeps(), {
            connectionId: input.connectionId,
            ...server,
            streams: [stream],
            from: firstDay(input.connectionId, stream),
            to: dayText(dayOf(deps.ports.clock())),
            signal,
          })
          if (!verified.ok) throw boundaryError(verified.error)
          results.push(...verified.streams.map(toVerifyOutput))
        }
        return { streams: results }
      })
    },
    'coverage.repair': async (
      input: MethodParams<'coverage.repair'>,
    ): Promise<MethodOutput<'coverage.repair'>> => {
      const server = await serverOf(input.connectionId)
      return deps.syncs.exclusive('repair', async (signal) => {
        const repaired = await repairDays(verifyDeps(), {
          connectionId: input.connectionId,
          ...server,
          stream: input.stream,
          days: [...new Set(input.days)],
          signal,
        })
        return { days: repaired.map(toRepairOutput) }
      })
    },
  }
}

function summarise(days: readonly CoverageDay[]): Record<CoverageDay['status'], number> {
  const summary = { verified: 0, mismatched: 0, unverified: 0, gap: 0 }
  for (const day of days) summary[day.status] += 1
  return summary
}

function toVerifyOutput(result: StreamVerification): VerifyOutput {
  if (!result.ok) return { stream: result.stream, ok: false, error: result.error }
  const { verified, mismatched, unverified } = result.summary
  return {
    stream: result.stream,
    ok: true,
    from: result.from,
    to: result.to,
    isSigned: result.isSigned,
    verified,
    mismatched,
    unverified,
  }
}

function toRepairOutput(repair: DayRepair): RepairOutput {
  const counts = { added: repair.sync?.newEvents ?? 0, conflicts: repair.sync?.conflicts ?? 0 }
  if (repair.refused !== undefined)
    return { date: repair.day, outcome: 'refused', ...counts, message: repair.refused.message }
  const failure = repair.sync?.error ?? repair.verifyError
  if (failure !== undefined || repair.after === undefined)
    return {
      date: repair.day,
      outcome: 'failed',
      ...counts,
      message: failure?.message ?? 'The day could not be verified again after the repair.',
    }
  return { date: repair.day, outcome: repair.after.status, ...counts, message: null }
}

const codes: Partial<Record<VerifyError['code'], ErrorCode>> = {
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  unknown_connection: 'not_found',
  invalid_range: 'invalid_input',
  cancelled: 'cancelled',
}

/** A verification that failed as a whole, as the boundary's error. */
function boundaryError(error: VerifyError): CoreError {
  return new CoreError(codes[error.code] ?? 'host_unreachable', error.message)
}
