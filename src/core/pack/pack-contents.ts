// The parts of an audit pack besides the event files, all read from the pack's one snapshot:
// each stream's days (population, verification, coverage, exported rows), the server's signed
// digests and keys, the findings, the annotations of exported events and the activity log, with
// strings pseudonymised under a pseudonymising profile.
import type { ActivityEntry } from '../../shared/export-schemas'
import type { Stream } from '../../shared/filter'
import { readActivityLog } from '../activity/activity-log'
import { readCoverage } from '../coverage/coverage-days'
import { createCoverageStore } from '../coverage/coverage-store'
import { toFinding } from '../detect/finding-view'
import type { Snapshot } from '../export/snapshot'
import { createAnnotationStore } from '../store/annotation-store'
import { dayText } from '../verify/days'
import type { ManifestDay, ManifestDigest, PackManifest } from './manifest'
import type { PackStore } from './pack-store'
import type { SummaryFinding } from './summary'

/** The period as day numbers and epoch milliseconds ([fromMs, toMs)). */
export type PackPeriod = { fromDay: number; toDay: number; fromMs: number; toMs: number }

/** Pseudonymises every string of a JSON value (identity under the none profile). */
export type Scrub = <T>(value: T) => T

/** The days of one stream and its population counts, as the manifest lists them. */
export function streamDays(input: {
  snapshot: Snapshot
  store: PackStore
  connectionId: string
  stream: Stream
  period: PackPeriod
  exportedByDay: ReadonlyMap<string, number>
  now: number
}): { days: ManifestDay[]; population: PackManifest['streams'][number]['population'] } {
  const { store, connectionId, stream, period } = input
  const population = store.population(connectionId, stream, period.fromMs, period.toMs)
  const from = dayText(period.fromDay)
  const to = dayText(period.toDay)
  const checks = new Map(store.verifications(connectionId, stream, from, to).map((v) => [v.day, v]))
  const coverage = new Map(
    readCoverage(createCoverageStore(input.snapshot.db), connectionId, stream, input.now).map(
      (day) => [day.date, day],
    ),
  )
  const days: ManifestDay[] = []
  for (let day = period.fromDay; day <= period.toDay; day += 1) {
    const date = dayText(day)
    const check = checks.get(date)
    days.push({
      date,
      cacheEvents: population.get(day) ?? 0,
      exportedRows: input.exportedByDay.get(date) ?? 0,
      serverCount: check?.serverCount ?? null,
      checkedAt: check?.checkedAt ?? null,
      verification: check?.status ?? null,
      coverage: coverage.get(date)?.status ?? 'unverified',
      digestStatus: check?.digestStatus ?? null,
    })
  }
  const known = days.filter((day) => day.serverCount !== null)
  const checkedAt = known.map((day) => day.checkedAt ?? 0)
  return {
    days,
    population: {
      cache: days.reduce((sum, day) => sum + day.cacheEvents, 0),
      server:
        known.length === 0 ? null : known.reduce((sum, day) => sum + (day.serverCount ?? 0), 0),
      serverDaysKnown: known.length,
      days: days.length,
      serverCheckedFrom: checkedAt.length === 0 ? null : Math.min(...checkedAt),
      serverCheckedTo: checkedAt.length === 0 ? null : Math.max(...checkedAt),
    },
  }
}

/** The server's signed digests of the period's days of `streams`, and its keys. */
export function serverDigests(
  store: PackStore,
  connectionId: string,
  streams: readonly Stream[],
  period: PackPeriod,
): PackManifest['serverDigests'] {
  const days: ManifestDigest[] = streams.flatMap((stream) =>
    store
      .digests(connectionId, stream, dayText(period.fromDay), dayText(period.toDay))
      .map(({ day, ...digest }) => ({ ...digest, date: day })),
  )
  const used = new Set(days.map((day) => day.keyId))
  return { keys: store.keys(connectionId).filter((key) => used.has(key.keyId)), days }
}

/** The findings overlapping the period, as JSON lines and as summary rows. */
export function periodFindings(
  store: PackStore,
  connectionId: string,
  period: PackPeriod,
  scrub: Scrub,
): { lines: string[]; rows: SummaryFinding[] } {
  const findings = store
    .findings(connectionId, period.fromMs, period.toMs)
    .map((row) => toFinding(row, null))
    .filter((finding) => finding !== null)
    // "isNew" is the reviewer's view at a moment, not a fact about the finding: left out.
    .map((finding) => scrub({ ...finding, isNew: undefined }))
  return {
    lines: findings.map((finding) => JSON.stringify(finding)),
    rows: findings.map((finding) => ({
      id: finding.id,
      rule: finding.ruleTitle,
      severity: finding.severity,
      status: finding.status,
      windowStart: finding.windowStart,
      windowEnd: finding.windowEnd,
      explanation: finding.explanation,
    })),
  }
}

/** The annotations of the exported annotated events, one JSON line each. */
export function exportedAnnotations(
  snapshot: Snapshot,
  connectionId: string,
  exported: ReadonlyMap<Stream, readonly string[]>,
  scrub: Scrub,
): string[] {
  const annotations = createAnnotationStore(snapshot.db)
  const lines: string[] = []
  for (const [stream, ids] of exported) {
    for (const eventId of ids) {
      const found = annotations.get({ connectionId, stream, eventId })
      const { tags, starred, comments } = found
      lines.push(JSON.stringify(scrub({ stream, eventId, tags, starred, comments })))
    }
  }
  return lines
}

/** The activity log before this pack, and the ids of entries pseudonymisation changed (their
 * hashes no longer recompute; their links still do). */
export function activityLines(
  snapshot: Snapshot,
  scrub: Scrub,
): { lines: string[]; entries: number; redactedEntryIds: number[] } {
  const redactedEntryIds: number[] = []
  const lines = readActivityLog(snapshot.db).map((entry: ActivityEntry) => {
    const original = JSON.stringify(entry)
    const scrubbed = JSON.stringify({
      ...scrub(entry),
      hash: entry.hash,
      previousHash: entry.previousHash,
    })
    if (scrubbed !== original) redactedEntryIds.push(entry.id)
    return scrubbed
  })
  return { lines, entries: lines.length, redactedEntryIds }
}
