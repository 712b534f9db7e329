// Failed-login spikes per user and per address: the failures in a sliding window (anchored on
// failures, so a burst across an hour boundary counts) against the median per window of the same
// key over the days before, times a multiplier, never below a minimum. Brute force against one account, or one address hammering sign-in.
import type { Thresholds } from '../../../shared/detection-thresholds'
import { dayMs, medianWithZeros, minuteMs, windowStart } from '../baseline'
import { figure, listText, plural, span, tally, utc } from '../explain'
import {
  evidenceReadLimit,
  type DetectionRule,
  type FindingDraft,
  type RuleContext,
} from '../rule-types'
import { stretches, stretchesFrom, type DenseEnd, type Stretch } from '../sliding'

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
    version: 2,
    ...titles[by],
    stream: 'audit-events',
    detect: (context, thresholds) =>
      spikes(context, thresholds, by).map((spike) => describe(context, id, by, spike, thresholds)),
  }
}

type Spike = {
  key: string
  start: number
  end: number
  most: number
  median: number
  threshold: number
}

/**
 * The stretches of one key's dense windows (at least the minimum) in which windows reach the
 * threshold: the larger of the minimum and the multiplier times the median failures per window
 * over the baseline days before each window. Windows slide, anchored on failures.
 */
function spikes(context: RuleContext, thresholds: Thresholds, by: By): Spike[] {
  const windowMs = (thresholds.windowMinutes ?? 60) * minuteMs
  const minimum = thresholds.minimum ?? 10
  const reads = context.reads.signIns
  const found: Spike[] = []
  // The ends of the last (complete) read, per key.
  let read: DenseEnd[] = []
  const dense = stretchesFrom(context.from, windowMs, (after) => {
    read = reads.failureEnds(by, after, windowMs, minimum)
    return read
  })
  const byKey = new Map<string, DenseEnd[]>()
  for (const end of read) {
    const list = byKey.get(end.key)
    if (list === undefined) byKey.set(end.key, [end])
    else list.push(end)
  }
  for (const stretch of dense) {
    const ends = (byKey.get(stretch.key) ?? []).filter(
      (end) => end.occurredAt >= stretch.start && end.occurredAt <= stretch.end,
    )
    const thresholdAt = baselineOf(context, thresholds, by, stretch)
    const above = ends.filter((end) => end.inWindow >= thresholdAt(end.occurredAt).threshold)
    for (const spike of stretches(above, windowMs)) {
      if (spike.end < context.from) continue
      found.push({ ...spike, ...thresholdAt(spike.start + windowMs - 1) })
    }
  }
  return found
}

/**
 * The threshold of a window ending at a time, from the key's failures per epoch-aligned window
 * over the baseline days before that window's start (read once per stretch).
 */
function baselineOf(context: RuleContext, thresholds: Thresholds, by: By, stretch: Stretch) {
  const windowMs = (thresholds.windowMinutes ?? 60) * minuteMs
  const windows = Math.floor(((thresholds.baselineDays ?? 14) * dayMs) / windowMs)
  const counts = new Map<number, number>()
  for (const row of context.reads.signIns.failureBaseline(
    by,
    stretch.key,
    windowStart(stretch.start, windowMs) - windows * windowMs,
    stretch.end + 1,
    windowMs,
  ))
    counts.set(row.bucket, row.failures)
  const known = new Map<number, { median: number; threshold: number }>()
  return (end: number): { median: number; threshold: number } => {
    const bucket = Math.floor((end - windowMs + 1) / windowMs)
    const cached = known.get(bucket)
    if (cached !== undefined) return cached
    const before: number[] = []
    for (let each = bucket - windows; each < bucket; each++) before.push(counts.get(each) ?? 0)
    const median = medianWithZeros(before, windows)
    const value = {
      median,
      threshold: Math.max(thresholds.minimum ?? 10, median * (thresholds.multiplier ?? 5)),
    }
    known.set(bucket, value)
    return value
  }
}

function describe(
  context: RuleContext,
  ruleId: FindingDraft['ruleId'],
  by: By,
  spike: Spike,
  thresholds: Thresholds,
): FindingDraft {
  const { key, start, end, most, median, threshold } = spike
  const reads = context.reads.signIns
  const events = reads.failureEvents(by, key, start, end + 1, evidenceReadLimit)
  const counted = reads.failureSpan(by, key, start, end + 1)
  const first = counted.first ?? start
  const last = counted.last ?? first
  const ips = [...new Set(events.map((event) => event.ip).filter((ip) => ip !== null))]
  const actors = new Map(events.map((event) => [event.actorId, event.actorLabel]))
  const subject = by === 'actor' ? (actors.get(key) ?? key) : `the address ${key}`
  const country = by === 'ip' ? reads.countryOf(key) : null
  const origin =
    by === 'actor'
      ? `from ${listText(ips)}`
      : `against ${plural(counted.accounts, 'account')} (${listText([...actors].map(([id, label]) => label ?? id))})${country === null ? '' : `; the address is in ${country}`}`
  const windowMinutes = thresholds.windowMinutes ?? 60
  const explanation =
    `${plural(counted.failures, 'failed sign-in')} ${by === 'actor' ? 'for' : 'from'} ${subject} within ${span(last - first)} ` +
    `(${utc(first)} to ${utc(last)}), at most ${figure(most)} within ${String(windowMinutes)} minutes, ${origin}. ` +
    `Threshold ${figure(threshold)}: the larger of the minimum ${figure(thresholds.minimum ?? 10)} and ` +
    `${figure(thresholds.multiplier ?? 5)} × the median of ${figure(median)} failures per ${String(windowMinutes)} minutes over the previous ${plural(thresholds.baselineDays ?? 14, 'day')}. ` +
    `Reasons: ${tally(events.map((event) => event.reason))}.`
  return {
    ruleId,
    ruleVersion: 2,
    severity: most >= 3 * threshold ? 'high' : 'medium',
    key,
    window: { start: first, end: last },
    anchor: first,
    actors: [...actors].map(([id, label]) => ({ id, label })),
    ipAddresses: by === 'ip' ? [key] : ips,
    apiKeys: [],
    explanation,
    measurements: {
      failures: counted.failures,
      accounts: counted.accounts,
      mostInWindow: most,
      baselineMedian: median,
      threshold,
      windowStart: first,
      ...(country === null ? {} : { country }),
    },
    thresholds,
    evidence: { auditEvents: events.map((event) => event.id), requestLogs: [] },
  }
}
