// The methods of detections and findings (issue 6): the findings list with its filters, a
// reviewer's status (stamped with the reviewer name and the clock), "mark reviewed", running the
// detections, their thresholds, and the country database setting. Also the work after every
// sync: the detections over the new events, announced with `findings.changed`.
import type Database from 'better-sqlite3'
import type { CoreEvent, MethodOutput, MethodParams } from '../../shared/contract'
import { thresholdFields } from '../../shared/detection-thresholds'
import { detectionRuleIds } from '../../shared/findings-schemas'
import { createFindingStore } from '../detect/finding-store'
import { toFinding } from '../detect/finding-view'
import { runDetections } from '../detect/run-detections'
import { ruleById } from '../detect/rules'
import { createDetectionSettingsStore } from '../detect/settings-store'
import { createStateStore } from '../detect/state-store'
import { CoreError } from '../errors'
import {
  chooseCountryDatabase,
  countryDatabaseInfo,
  usePackagedCountryDatabase,
} from '../geo/country-database'
import type { Logger } from '../ports'
import { currentReviewer } from '../store/settings-store'

/** What the findings handlers need from the core. */
export type FindingsDependencies = {
  db: () => Database.Database
  clock: () => number
  emit: (event: CoreEvent) => void
  logger: Logger
  /** The host's reviewer name (the OS user); see CorePorts.reviewer. */
  reviewer?: () => string
  /** The host's file picker for a country database (CorePorts.pickCountryDatabase). */
  pickCountryDatabase?: () => Promise<string | undefined>
}

const noConnection = () =>
  new CoreError('not_found', 'That connection is not in the cache. Refresh the connection list.')
const unknownRule = () =>
  new CoreError(
    'invalid_input',
    'That finding comes from a detection rule this version of Audit Desk does not know (a newer version stored it). Review it in the newer version.',
  )

/** Handlers of findings.*, detections.* and countryDatabase.*, and the after-sync task. */
export function createFindingsHandlers(dependencies: FindingsDependencies) {
  const { db, clock } = dependencies
  const findings = () => createFindingStore(db())
  const stamp = () => ({ author: currentReviewer(db(), dependencies.reviewer?.()), at: clock() })
  const requireConnection = (connectionId: string) => {
    if (!findings().hasConnection(connectionId)) throw noConnection()
  }
  const run = (connectionId: string) => {
    const summary = runDetections(db(), connectionId, clock())
    if (summary.added > 0)
      dependencies.emit({
        name: 'findings.changed',
        payload: { connectionId, findings: summary.findings, added: summary.added },
      })
    return summary
  }
  const rules = (): MethodOutput<'detections.getSettings'> => {
    const current = createDetectionSettingsStore(db()).current()
    return {
      rules: detectionRuleIds.map((id) => {
        const rule = ruleById(id)
        const setting = current.get(id)
        return {
          id,
          version: rule.version,
          title: rule.title,
          summary: rule.summary,
          isEnabled: setting?.isEnabled ?? true,
          thresholds: setting?.thresholds ?? {},
          fields: [...thresholdFields[id]],
          updatedBy: setting?.updatedBy ?? null,
          updatedAt: setting?.updatedAt ?? null,
        }
      }),
    }
  }
  const countries = () => countryDatabaseInfo(db(), dependencies.pickCountryDatabase !== undefined)

  const handlers = {
    'findings.list': (
      input: MethodParams<'findings.list'>,
    ): Promise<MethodOutput<'findings.list'>> => {
      requireConnection(input.connectionId)
      const store = findings()
      const review = store.review(input.connectionId)
      const reviewedAt = review?.reviewed_at ?? null
      const { rows, total } = store.list({
        connectionId: input.connectionId,
        ...(input.ruleIds === undefined ? {} : { ruleIds: input.ruleIds }),
        ...(input.severities === undefined ? {} : { severities: input.severities }),
        ...(input.statuses === undefined ? {} : { statuses: input.statuses }),
        ...(input.from === undefined ? {} : { from: input.from }),
        ...(input.to === undefined ? {} : { to: input.to }),
        newSince: input.isNewOnly === true ? reviewedAt : null,
        limit: input.limit,
      })
      const newCount = store.list({
        connectionId: input.connectionId,
        newSince: reviewedAt,
        limit: 1,
      })
      const listed = rows.flatMap((row) => toFinding(row, reviewedAt) ?? [])
      const unknownRuleCount = rows.length - listed.length
      return Promise.resolve({
        findings: listed,
        total,
        ...(unknownRuleCount === 0 ? {} : { unknownRuleCount }),
        newCount: newCount.total,
        reviewedAt,
        reviewedBy: review?.reviewed_by ?? null,
        lastRunAt: createStateStore(db()).get(input.connectionId)?.lastRunAt ?? null,
      })
    },

    'findings.setStatus': (
      input: MethodParams<'findings.setStatus'>,
    ): Promise<MethodOutput<'findings.setStatus'>> => {
      requireConnection(input.connectionId)
      const store = findings()
      const stored = store.get(input.connectionId, input.findingId)
      if (stored === undefined)
        throw new CoreError(
          'not_found',
          'That finding is no longer in the cache (a re-run with other thresholds may have replaced it). Refresh the list.',
        )
      if (toFinding(stored, null) === null) throw unknownRule()
      store.setStatus(
        input.connectionId,
        input.findingId,
        { status: input.status, note: input.note ?? null },
        stamp(),
      )
      const row = store.get(input.connectionId, input.findingId)
      if (row === undefined) throw noConnection()
      const finding = toFinding(row, store.review(input.connectionId)?.reviewed_at ?? null)
      if (finding === null) throw unknownRule()
      return Promise.resolve({ finding })
    },

    'findings.markReviewed': (
      input: MethodParams<'findings.markReviewed'>,
    ): Promise<MethodOutput<'findings.markReviewed'>> => {
      requireConnection(input.connectionId)
      const signed = stamp()
      findings().markReviewed(input.connectionId, signed)
      return Promise.resolve({ reviewedAt: signed.at, reviewedBy: signed.author })
    },

    'detections.run': (
      input: MethodParams<'detections.run'>,
    ): Promise<MethodOutput<'detections.run'>> => {
      requireConnection(input.connectionId)
      return Promise.resolve(run(input.connectionId))
    },

    'detections.getSettings': (): Promise<MethodOutput<'detections.getSettings'>> =>
      Promise.resolve(rules()),

    'detections.setSettings': (
      input: MethodParams<'detections.setSettings'>,
    ): Promise<MethodOutput<'detections.setSettings'>> => {
      const { ruleId, ...change } = input
      createDetectionSettingsStore(db()).set(ruleId, change, stamp())
      return Promise.resolve(rules())
    },

    'countryDatabase.get': (): Promise<MethodOutput<'countryDatabase.get'>> =>
      Promise.resolve(countries()),

    'countryDatabase.choose': async (): Promise<MethodOutput<'countryDatabase.choose'>> => {
      const pick = dependencies.pickCountryDatabase
      if (pick === undefined)
        throw new CoreError(
          'invalid_input',
          'This window cannot open a file picker. Start browser mode with `audit-desk serve --country-db FILE` to use another country database.',
        )
      const file = await pick()
      if (file === undefined) return { ...countries(), isCancelled: true }
      chooseCountryDatabase(db(), file, stamp())
      return { ...countries(), isCancelled: false }
    },

    'countryDatabase.useDefault': (): Promise<MethodOutput<'countryDatabase.useDefault'>> => {
      usePackagedCountryDatabase(db())
      return Promise.resolve(countries())
    },
  }

  return {
    handlers,
    /**
     * Uses the country database a host was started with (`serve --country-db FILE`, checked by
     * the host first); a file that fails here is logged and the previous setting stays.
     */
    applyCountryDatabase(file: string): void {
      try {
        chooseCountryDatabase(db(), file, stamp())
      } catch (cause) {
        dependencies.logger.error('the country database given at startup was not used', {
          error: cause instanceof Error ? cause.message : 'unknown',
        })
      }
    },
    /** The detections over a connection's new events; run after every sync. */
    afterSync: (connectionId: string): Promise<void> => {
      const summary = run(connectionId)
      dependencies.logger.info('detections ran', {
        durationMs: summary.durationMs,
        added: summary.added,
        isFull: summary.isFull,
      })
      return Promise.resolve()
    },
  }
}
