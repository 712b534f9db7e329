// Password spraying: one address failing to sign in to many different accounts within a sliding
// window anchored on failures (a few guesses each, so no single account's failures stand out).
import type { Thresholds } from '../../../shared/detection-thresholds'
import { minuteMs } from '../baseline'
import { figure, listText, plural, span, tally, utc } from '../explain'
import {
  evidenceReadLimit,
  type DetectionRule,
  type FindingDraft,
  type RuleContext,
} from '../rule-types'
import { stretchesFrom, type DenseEnd, type Stretch } from '../sliding'

/** One address failing against at least `minimumAccounts` accounts in one window. */
export const passwordSprayingRule: DetectionRule = {
  id: 'password-spraying',
  version: 2,
  title: 'Password spraying',
  summary:
    'One IP address failing to sign in to many different accounts within a window: a few common passwords tried against every account, which per-account counts miss.',
  stream: 'audit-events',
  detect: (context, thresholds) => {
    const windowMs = (thresholds.windowMinutes ?? 60) * minuteMs
    const minimum = thresholds.minimumAccounts ?? 10
    const reads = context.reads.signIns
    return stretchesFrom(context.from, windowMs, (after) =>
      reads
        .sprayAddresses(after, minimum)
        .flatMap((ip) => accountEnds(ip, reads.addressFailures(ip, after), windowMs, minimum)),
    ).map((stretch) => describe(context, stretch, windowMs, thresholds))
  },
}

/**
 * The failures of one address (oldest first) closing a window of `windowMs` in which at least
 * `minimum` accounts failed; `inWindow` is that number of accounts.
 */
function accountEnds(
  ip: string,
  failures: Iterable<{ occurredAt: number; actorId: string }>,
  windowMs: number,
  minimum: number,
): DenseEnd[] {
  const window: { occurredAt: number; actorId: string }[] = []
  const perAccount = new Map<string, number>()
  const ends: DenseEnd[] = []
  let oldest = 0
  for (const failure of failures) {
    window.push(failure)
    perAccount.set(failure.actorId, (perAccount.get(failure.actorId) ?? 0) + 1)
    for (let first = window[oldest]; first !== undefined; first = window[oldest]) {
      if (first.occurredAt > failure.occurredAt - windowMs) break
      const left = (perAccount.get(first.actorId) ?? 1) - 1
      if (left === 0) perAccount.delete(first.actorId)
      else perAccount.set(first.actorId, left)
      oldest += 1
    }
    if (perAccount.size >= minimum)
      ends.push({ key: ip, occurredAt: failure.occurredAt, inWindow: perAccount.size })
  }
  return ends
}

function describe(
  context: RuleContext,
  stretch: Stretch,
  windowMs: number,
  thresholds: Thresholds,
): FindingDraft {
  const reads = context.reads.signIns
  const ip = stretch.key
  const events = reads.failureEvents('ip', ip, stretch.start, stretch.end + 1, evidenceReadLimit)
  // Counts and times from SQL: the evidence (and the accounts named from it) may be cut.
  const counted = reads.failureSpan('ip', ip, stretch.start, stretch.end + 1)
  const accounts = new Map(events.map((event) => [event.actorId, event.actorLabel]))
  const most = counted.mostPerAccount
  const first = counted.first ?? stretch.start
  const last = counted.last ?? first
  const country = reads.countryOf(ip)
  const names = [...accounts].map(([id, label]) => label ?? id)
  const explanation =
    `${plural(counted.accounts, 'different account')} failed to sign in from ${ip}${country === null ? '' : ` (${country})`} ` +
    `within ${span(last - first)} (${utc(first)} to ${utc(last)}): ${plural(counted.failures, 'failure')} in all, at most ${figure(most)} per account; up to ${plural(stretch.most, 'account')} within ${String(windowMs / minuteMs)} minutes. ` +
    `Threshold: ${plural(thresholds.minimumAccounts ?? 10, 'account')} within ${String(thresholds.windowMinutes ?? 60)} minutes. ` +
    `Accounts: ${listText(names)}. Reasons: ${tally(events.map((event) => event.reason))}.`
  return {
    ruleId: 'password-spraying',
    ruleVersion: 2,
    severity: 'high',
    key: ip,
    window: { start: first, end: last },
    anchor: first,
    actors: [...accounts].map(([id, label]) => ({ id, label })),
    ipAddresses: [ip],
    apiKeys: [],
    explanation,
    measurements: {
      accounts: counted.accounts,
      failures: counted.failures,
      mostPerAccount: most,
      mostInWindow: stretch.most,
      windowStart: first,
      ...(country === null ? {} : { country }),
    },
    thresholds,
    evidence: { auditEvents: events.map((event) => event.id), requestLogs: [] },
  }
}
