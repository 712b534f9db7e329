// Password spraying: one address failing to sign in to many different accounts within a window
// (a few guesses each, so no single account's failures stand out).
import type { Thresholds } from '../../../shared/detection-thresholds'
import { minuteMs, windowStart } from '../baseline'
import { figure, listText, plural, span, tally, utc } from '../explain'
import {
  evidenceReadLimit,
  type DetectionRule,
  type FindingDraft,
  type RuleContext,
} from '../rule-types'

/** One address failing against at least `minimumAccounts` accounts in one window. */
export const passwordSprayingRule: DetectionRule = {
  id: 'password-spraying',
  version: 1,
  title: 'Password spraying',
  summary:
    'One IP address failing to sign in to many different accounts within a window: a few common passwords tried against every account, which per-account counts miss.',
  stream: 'audit-events',
  detect: (context, thresholds) => {
    const windowMs = (thresholds.windowMinutes ?? 60) * minuteMs
    const minimum = thresholds.minimumAccounts ?? 10
    return context.reads.signIns
      .sprayBuckets(windowStart(context.from, windowMs), windowMs, minimum)
      .map((bucket) =>
        describe(context, bucket.key, bucket.bucket * windowMs, windowMs, thresholds),
      )
  },
}

function describe(
  context: RuleContext,
  ip: string,
  start: number,
  windowMs: number,
  thresholds: Thresholds,
): FindingDraft {
  const reads = context.reads.signIns
  const events = reads.failureEvents('ip', ip, start, start + windowMs, evidenceReadLimit)
  // Counts and times from SQL: the evidence (and the accounts named from it) may be cut.
  const counted = reads.failureSpan('ip', ip, start, start + windowMs)
  const accounts = new Map(events.map((event) => [event.actorId, event.actorLabel]))
  const most = counted.mostPerAccount
  const first = counted.first ?? start
  const last = counted.last ?? first
  const country = reads.countryOf(ip)
  const names = [...accounts].map(([id, label]) => label ?? id)
  const explanation =
    `${plural(counted.accounts, 'different account')} failed to sign in from ${ip}${country === null ? '' : ` (${country})`} ` +
    `within ${span(last - first)} (${utc(first)} to ${utc(last)}): ${plural(counted.failures, 'failure')} in all, at most ${figure(most)} per account. ` +
    `Threshold: ${plural(thresholds.minimumAccounts ?? 10, 'account')} in a ${String(thresholds.windowMinutes ?? 60)}-minute window. ` +
    `Accounts: ${listText(names)}. Reasons: ${tally(events.map((event) => event.reason))}.`
  return {
    ruleId: 'password-spraying',
    ruleVersion: 1,
    severity: 'high',
    key: ip,
    window: { start: first, end: last },
    anchor: start,
    actors: [...accounts].map(([id, label]) => ({ id, label })),
    ipAddresses: [ip],
    apiKeys: [],
    explanation,
    measurements: {
      accounts: counted.accounts,
      failures: counted.failures,
      mostPerAccount: most,
      windowStart: start,
      ...(country === null ? {} : { country }),
    },
    thresholds,
    evidence: { auditEvents: events.map((event) => event.id), requestLogs: [] },
  }
}
