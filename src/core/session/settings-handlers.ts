// The Settings methods beyond the reviewer's name (which the annotation handlers own and these
// extend): local retention (with what it would remove, and the held periods it never touches),
// and where the data lives and how much room it takes.
import type Database from 'better-sqlite3'
import type { MethodOutput, MethodParams } from '../../shared/contract'
import { directorySize } from '../directory-size'
import type { CorePorts } from '../ports'
import { createRetention } from '../store/retention'

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
      // The name first: it is the only value the core can still refuse (the schema bounds the
      // days), so a refused name leaves the retention setting unchanged too.
      const named =
        input.reviewerName === undefined
          ? await reviewer['settings.get']()
          : await reviewer['settings.set']({ reviewerName: input.reviewerName })
      if (input.retentionDays !== undefined) retention().setRetentionDays(input.retentionDays)
      return { ...named, ...extras() }
    },
    'retention.preview': (
      input: MethodParams<'retention.preview'>,
    ): Promise<MethodOutput<'retention.preview'>> =>
      Promise.resolve(retention().preview(ports.clock(), input.days)),
  }
}
