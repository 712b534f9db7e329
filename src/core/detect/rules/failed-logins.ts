// Failed-login spikes per user and per address: the failures in a fixed window against the
// median per window of the same key over the days before, times a multiplier, never below a
// minimum. Brute force against one account, or one address hammering sign-in.
import type { Thresholds } from '../../../shared/detection-thresholds'
import { dayMs, medianWithZeros, minuteMs, windowStart } from '../baseline'
import { figure, listText, plural, span, tally, utc } from '../explain'
import type { FailureBucket } from '../reads/sign-in-reads'
import {
  evidenceReadLimit,
  type DetectionRule,
  type FindingDraft,
  type RuleContext,
} from '../rule-types'

type By = 'actor' | 'ip'

const titles: Record<By, { title: string; summary: string }> = {
  actor: {
    title: 'Failed sign-in spike for a user',
    summary:
      'Failed sign-ins against one account in a window, compared with the median per window of that account over the days before: many failures at once suggest password guessing or a locked-out user.',
  },
  ip: {
    title: 'Failed sign-in spike from an address',
    summary:
      'Failed sign-ins from one IP address in a window, compared with the median per window of that address over the days before: one source trying many passwords.',
  },
}

/** The failed-login spike rule keyed by actor or by IP address. */
export function failedLoginSpikeRule(by: By): DetectionRule {
  const id = by === 'actor' ? 'failed-login-spike-user' : 'failed-login-spike-ip'
  return {
    id,
    version: 1,
    ...titles[by],
    stream: 'audit-events',
    detect: (context, thresholds) =>
      spikes(context, thresholds, by).map((spike) => describe(context, id, by, spike, thresholds)),
  }
}

type Spike = {
  bucket: FailureBucket
  start: number
  end: number
  median: number
  threshold: number
}

function spikes(context: RuleContext, thresholds: Thresholds, by: By): Spike[] {
  const windowMs = (thresholds.windowMinutes ?? 60) * minuteMs
  const baselineMs = (thresholds.baselineDays ?? 14) * dayMs
  const minimum = thresholds.minimum ?? 10
  const reads = context.reads.signIns
  const found: Spike[] = []
  for (const bucket of reads.failureBuckets(
    by,
    windowStart(context.from, windowMs),
    windowMs,
    minimum,
  )) {
    const start = bucket.bucket * windowMs
    if (start + windowMs <= context.from) continue
    const counts = reads
      .failureBaseline(by, bucket.key, start - baselineMs, start, windowMs)
      .map((row) => row.failures)
    const median = medianWithZeros(counts, Math.floor(baselineMs / windowMs))
    const threshold = Math.max(minimum, median * (thresholds.multiplier ?? 5))
    if (bucket.failures >= threshold)
      found.push({ bucket, start, end: start + windowMs, median, threshold })
  }
  return found
}

function describe(
  context: RuleContext,
  ruleId: FindingDraft['ruleId'],
  by: By,
  spike: Spike,
  thresholds: Thresholds,
): FindingDraft {
  const { bucket, start, end, median, threshold } = spike
  const reads = context.reads.signIns
  const events = reads.failureEvents(by, bucket.key, start, end, evidenceReadLimit)
  const counted = reads.failureSpan(by, bucket.key, start, end)
  const first = counted.first ?? start
  const last = counted.last ?? first
  const ips = [...new Set(events.map((event) => event.ip).filter((ip) => ip !== null))]
  const actors = new Map(events.map((event) => [event.actorId, event.actorLabel]))
  const subject =
    by === 'actor' ? (actors.get(bucket.key) ?? bucket.key) : `the address ${bucket.key}`
  const country = by === 'ip' ? reads.countryOf(bucket.key) : null
  const origin =
    by === 'actor'
      ? `from ${listText(ips)}`
      : `against ${plural(counted.accounts, 'account')} (${listText([...actors].map(([id, label]) => label ?? id))})${country === null ? '' : `; the address is in ${country}`}`
  const windowMinutes = thresholds.windowMinutes ?? 60
  const explanation =
    `${plural(bucket.failures, 'failed sign-in')} ${by === 'actor' ? 'for' : 'from'} ${subject} within ${span(last - first)} ` +
    `(${utc(first)} to ${utc(last)}, in the ${String(windowMinutes)}-minute window from ${utc(start)}), ${origin}. ` +
    `Threshold ${figure(threshold)}: the larger of the minimum ${figure(thresholds.minimum ?? 10)} and ` +
    `${figure(thresholds.multiplier ?? 5)} × the median of ${figure(median)} failures per window over the previous ${plural(thresholds.baselineDays ?? 14, 'day')}. ` +
    `Reasons: ${tally(events.map((event) => event.reason))}.`
  return {
    ruleId,
    ruleVersion: 1,
    severity: bucket.failures >= 3 * threshold ? 'high' : 'medium',
    key: bucket.key,
    window: { start: first, end: last },
    anchor: start,
    actors: [...actors].map(([id, label]) => ({ id, label })),
    ipAddresses: by === 'ip' ? [bucket.key] : ips,
    apiKeys: [],
    explanation,
    measurements: {
      failures: bucket.failures,
      accounts: bucket.accounts,
      baselineMedian: median,
      threshold,
      windowStart: start,
      ...(country === null ? {} : { country }),
    },
    thresholds,
    evidence: { auditEvents: events.map((event) => event.id), requestLogs: [] },
  }
}
