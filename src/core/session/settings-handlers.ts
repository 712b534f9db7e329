// The Settings methods beyond the reviewer's name (which the annotation handlers own and these
// extend): local retention (with what it would remove, and the held periods it never touches),
// and where the data lives and how much room it takes.
import type Database from 'better-sqlite3'
import type { MethodOutput, MethodParams } from '../../shared/contract'
import { directorySize } from '../directory-size'
import type { CorePorts } from '../ports'
import { createRetention } from '../store/retention'
import { checkAuditPeriod, createSettingsStore } from '../store/settings-store'

type ReviewerSettings = Pick<MethodOutput<'settings.get'>, 'reviewerName' | 'customReviewerName'>

/** The annotation handlers' reviewer-name part of settings.get and settings.set. */
export type ReviewerSettingsHandlers = {
  'settings.get': () => Promise<ReviewerSettings>
  'settings.set': (input: { reviewerName: string | null }) => Promise<ReviewerSettings>
}

/** Handlers of settings.get and settings.set (extending `reviewer`'s) and retention.preview. */
export function createSettingsHandlers(
  db: () => Database.Database,
  ports: CorePorts,
  reviewer: ReviewerSettingsHandlers,
) {
  let retentionStore: ReturnType<typeof createRetention> | undefined
  const retention = () => (retentionStore ??= createRetention(db()))
  let settingsStore: ReturnType<typeof createSettingsStore> | undefined
  const stored = () => (settingsStore ??= createSettingsStore(db()))

  const extras = () => {
    const days = retention().retentionDays()
    const size = directorySize(ports.dataDirectory)
    return {
      retention: {
        days,
        holds: retention()
          .holds()
          .map(({ from, to, reason }) => ({ from, to, reason })),
        preview: days === null ? null : retention().preview(ports.clock(), days),
      },
      storage: { dataDirectory: ports.dataDirectory, bytes: size.bytes, isPartial: size.isPartial },
      auditPeriod: stored().auditPeriod(),
    }
  }

  return {
    'settings.get': async (): Promise<MethodOutput<'settings.get'>> => ({
      ...(await reviewer['settings.get']()),
      ...extras(),
    }),
    'settings.set': async (
      input: MethodParams<'settings.set'>,
    ): Promise<MethodOutput<'settings.set'>> => {
      // The values the core can still refuse first (the name; the period's calendar days: the
      // schema bounds the rest), so a refused one leaves the retention setting unchanged too.
      if (input.auditPeriod !== undefined && input.auditPeriod !== null)
        checkAuditPeriod(input.auditPeriod)
      const named =
        input.reviewerName === undefined
          ? await reviewer['settings.get']()
          : await reviewer['settings.set']({ reviewerName: input.reviewerName })
      if (input.retentionDays !== undefined) retention().setRetentionDays(input.retentionDays)
      if (input.auditPeriod !== undefined) stored().setAuditPeriod(input.auditPeriod)
      return { ...named, ...extras() }
    },
    'retention.preview': (
      input: MethodParams<'retention.preview'>,
    ): Promise<MethodOutput<'retention.preview'>> =>
      Promise.resolve(retention().preview(ports.clock(), input.days)),
  }
}
