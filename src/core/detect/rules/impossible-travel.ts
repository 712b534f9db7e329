// Impossible travel: two consecutive successful sign-ins of one user from countries whose centres
// are farther apart than anyone could travel in the time between them.
import type { Thresholds } from '../../../shared/detection-thresholds'
import { hourMs } from '../baseline'
import { countryName, distanceBetweenCountries, farthestKm } from '../country-centres'
import { figure, span, utc } from '../explain'
import type { SignIn } from '../reads/sign-in-reads'
import type { DetectionRule, FindingDraft, RuleContext } from '../rule-types'
import { byActor } from './new-country'

type Located = SignIn & { ip: string; country: string }
type Trip = { from: Located; to: Located; distanceKm: number; speedKmh: number }

/** The impossible-travel rule. */
export const impossibleTravelRule: DetectionRule = {
  id: 'impossible-travel',
  version: 1,
  title: 'Impossible travel',
  summary:
    'Two consecutive successful sign-ins of one user from countries farther apart than a traveller could cover in the time between them (distance between country centres): one of them is probably not the user.',
  stream: 'audit-events',
  detect(context, thresholds) {
    const maxSpeed = thresholds.maxSpeedKmh ?? 900
    // No pair further apart in time than this can be too fast, wherever it is.
    const lookbackMs = Math.ceil(farthestKm / maxSpeed) * hourMs
    const groups = context.reads.signIns.signInGroups(context.from - lookbackMs, context.from)
    const drafts: FindingDraft[] = []
    for (const [actorId, list] of byActor(groups)) {
      const countries = new Set(list.map((group) => group.country).filter((code) => code !== null))
      if (countries.size < 2) continue
      for (const trip of trips(context, actorId, context.from - lookbackMs, thresholds))
        drafts.push(describe(context, actorId, trip, thresholds))
    }
    return drafts
  },
}

function trips(
  context: RuleContext,
  actorId: string,
  since: number,
  thresholds: Thresholds,
): Trip[] {
  const found: Trip[] = []
  let previous: Located | undefined
  for (const signIn of context.reads.signIns.signIns(actorId, since, Number.MAX_SAFE_INTEGER)) {
    if (signIn.ip === null || signIn.country === null) continue
    const current: Located = { ...signIn, ip: signIn.ip, country: signIn.country }
    const trip = previous === undefined ? undefined : measure(previous, current)
    previous = current
    if (trip === undefined || trip.to.occurredAt < context.from) continue
    if (
      trip.distanceKm >= (thresholds.minimumDistanceKm ?? 500) &&
      trip.speedKmh > (thresholds.maxSpeedKmh ?? 900)
    )
      found.push(trip)
  }
  return found
}

function measure(from: Located, to: Located): Trip | undefined {
  if (from.country === to.country) return undefined
  const distanceKm = distanceBetweenCountries(from.country, to.country)
  if (distanceKm === undefined) return undefined
  const hours = (to.occurredAt - from.occurredAt) / hourMs
  const speedKmh = hours <= 0 ? Number.POSITIVE_INFINITY : distanceKm / hours
  return { from, to, distanceKm, speedKmh }
}

function describe(
  context: RuleContext,
  actorId: string,
  trip: Trip,
  thresholds: Thresholds,
): FindingDraft {
  const label = context.reads.activity.actorLabel(actorId)
  const { from, to } = trip
  const distance = Math.round(trip.distanceKm)
  const speed = Number.isFinite(trip.speedKmh) ? Math.round(trip.speedKmh) : null
  const pace =
    speed === null
      ? 'at the same instant'
      : `in ${span(to.occurredAt - from.occurredAt)}, ${figure(speed)} km/h`
  const explanation =
    `${label ?? actorId} signed in from ${from.ip} in ${countryName(from.country)} at ${utc(from.occurredAt)}, ` +
    `then from ${to.ip} in ${countryName(to.country)} at ${utc(to.occurredAt)}: about ${figure(distance)} km apart ${pace}, ` +
    `faster than the ${figure(thresholds.maxSpeedKmh ?? 900)} km/h anyone travels. ` +
    `Distances are between country centres (at least ${figure(thresholds.minimumDistanceKm ?? 500)} km counts), so for neighbouring countries the real distance can be shorter; a VPN or a proxy gives the same picture.`
  return {
    ruleId: 'impossible-travel',
    ruleVersion: 1,
    severity: 'high',
    key: actorId,
    window: { start: from.occurredAt, end: to.occurredAt },
    anchor: to.occurredAt,
    actors: [{ id: actorId, label }],
    ipAddresses: [...new Set([from.ip, to.ip])],
    apiKeys: [],
    explanation,
    measurements: {
      fromCountry: from.country,
      toCountry: to.country,
      distanceKm: distance,
      hours: Math.round(((to.occurredAt - from.occurredAt) / hourMs) * 100) / 100,
      speedKmh: speed ?? 'instant',
    },
    thresholds,
    evidence: { auditEvents: [from.id, to.id], requestLogs: [] },
  }
}
