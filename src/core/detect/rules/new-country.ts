// A successful sign-in from a country new for the user: none of their successful sign-ins in
// the trailing baseline came from it, while they signed in often enough to have a baseline. The
// evidence is the sign-in and what the user did from that country in the hours after.
import type { Thresholds } from '../../../shared/detection-thresholds'
import { dayMs, hourMs } from '../baseline'
import { countryName } from '../country-centres'
import { listText, plural, tally, utc } from '../explain'
import type { SignInGroup } from '../reads/sign-in-reads'
import {
  evidenceReadLimit,
  type DetectionRule,
  type FindingDraft,
  type RuleContext,
} from '../rule-types'

/** A sign-in group whose country the actor's baseline lacks, with that baseline. */
export type NewCountry = {
  group: SignInGroup
  country: string
  baselineSignIns: number
  baselineCountries: Map<string, number>
}

/**
 * The groups (an actor's sign-ins from one address on one day) from a country absent from the
 * actor's successful sign-ins in the `baselineMs` before, given `minimumSignIns` in that
 * baseline; `groups` must be one actor's, oldest first.
 */
export function newCountries(
  groups: readonly SignInGroup[],
  baselineMs: number,
  minimumSignIns: number,
): NewCountry[] {
  const found: NewCountry[] = []
  groups.forEach((group, index) => {
    if (group.country === null) return
    const baselineCountries = new Map<string, number>()
    let baselineSignIns = 0
    // Oldest first: walk back from this group until the baseline's start.
    for (let back = index - 1; back >= 0; back--) {
      const earlier = groups[back]
      if (earlier === undefined || earlier.firstAt < group.firstAt - baselineMs) break
      if (earlier.firstAt >= group.firstAt) continue
      baselineSignIns += earlier.signIns
      if (earlier.country !== null)
        baselineCountries.set(
          earlier.country,
          (baselineCountries.get(earlier.country) ?? 0) + earlier.signIns,
        )
    }
    if (baselineSignIns >= minimumSignIns && !baselineCountries.has(group.country))
      found.push({ group, country: group.country, baselineSignIns, baselineCountries })
  })
  return found
}

/** Groups by actor, keeping each actor's order. */
export function byActor(groups: readonly SignInGroup[]): Map<string, SignInGroup[]> {
  const actors = new Map<string, SignInGroup[]>()
  for (const group of groups) {
    const list = actors.get(group.actorId) ?? []
    list.push(group)
    actors.set(group.actorId, list)
  }
  return actors
}

/** The new-country sign-in rule. */
export const newCountrySignInRule: DetectionRule = {
  id: 'new-country-sign-in',
  version: 1,
  title: 'Sign-in from a new country',
  summary:
    'A successful sign-in from a country none of the user’s sign-ins came from during the baseline: a stolen password used from abroad, or travel worth confirming.',
  stream: 'audit-events',
  detect(context, thresholds) {
    const baselineMs = (thresholds.baselineDays ?? 30) * dayMs
    const followUpMs = (thresholds.followUpHours ?? 24) * hourMs
    const evaluateFrom = context.from - followUpMs
    const groups = context.reads.signIns.signInGroups(evaluateFrom - baselineMs, evaluateFrom)
    const drafts: FindingDraft[] = []
    for (const list of byActor(groups).values()) {
      const found = newCountries(list, baselineMs, thresholds.minimumBaselineSignIns ?? 5)
      for (const each of found) {
        if (each.group.firstAt < evaluateFrom) continue
        drafts.push(describe(context, each, list, followUpMs, thresholds))
      }
    }
    return drafts
  },
}

function describe(
  context: RuleContext,
  found: NewCountry,
  actorGroups: readonly SignInGroup[],
  followUpMs: number,
  thresholds: Thresholds,
): FindingDraft {
  const { group, country } = found
  const reads = context.reads.signIns
  const until = group.firstAt + followUpMs
  // Every address of the actor in that country over the follow-up period, in order of first use.
  const ips = [
    ...new Set(
      actorGroups
        .filter(
          (each) =>
            each.country === country && each.firstAt >= group.firstAt && each.firstAt <= until,
        )
        .map((each) => each.ip),
    ),
  ]
  const events = ips
    .flatMap((ip) =>
      reads.actorEventsFrom(group.actorId, ip, group.firstAt, until, evidenceReadLimit),
    )
    .sort((a, b) => a.occurredAt - b.occurredAt || a.id.localeCompare(b.id))
    .slice(0, evidenceReadLimit)
  const label = context.reads.activity.actorLabel(group.actorId)
  const others = events.filter((event) => event.action !== 'user.signed_in')
  const baseline = [...found.baselineCountries]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, signIns]) => `${countryName(code)} ${String(signIns)}`)
  const followUp =
    others.length === 0
      ? 'No other activity from there followed'
      : `Then from there within ${String(thresholds.followUpHours ?? 24)} hours: ${tally(others.map((event) => event.action))}`
  const explanation =
    `${label ?? group.actorId} signed in successfully from ${group.ip} in ${countryName(country)} at ${utc(group.firstAt)}. ` +
    `In the previous ${plural(thresholds.baselineDays ?? 30, 'day')} their ${plural(found.baselineSignIns, 'successful sign-in')} came from ${baseline.length === 0 ? 'addresses without a known country' : listText(baseline)}; never from ${country}. ` +
    `${followUp}.`
  const last = events.at(-1)?.occurredAt ?? group.firstAt
  return {
    ruleId: 'new-country-sign-in',
    ruleVersion: 1,
    severity: others.length > 0 ? 'high' : 'medium',
    key: `${group.actorId}|${country}`,
    window: { start: group.firstAt, end: Math.max(last, group.firstAt) },
    anchor: group.firstAt,
    actors: [{ id: group.actorId, label }],
    ipAddresses: ips,
    apiKeys: [],
    explanation,
    measurements: {
      country,
      baselineSignIns: found.baselineSignIns,
      baselineCountries: [...found.baselineCountries.keys()].sort().join(','),
      eventsAfter: others.length,
    },
    thresholds,
    evidence: { auditEvents: events.map((event) => event.id), requestLogs: [] },
  }
}
