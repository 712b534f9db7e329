// Unexpected API key creation: a key created by an actor who never created one (once the cache
// knows enough of their history), outside the hours the actor is usually active, or soon after
// they signed in from a country new for them. Keys outlive sessions: a stolen session that mints
// a key keeps access after the password is reset.
import type { Thresholds } from '../../../shared/detection-thresholds'
import { dayMs, hourMs } from '../baseline'
import { countryName } from '../country-centres'
import { figure, listText, plural, utc } from '../explain'
import type { ActionEvent } from '../reads/activity-reads'
import type { SignIn } from '../reads/sign-in-reads'
import type { DetectionRule, FindingDraft, RuleContext } from '../rule-types'

type Signals = {
  isFirst: boolean
  hour: { hour: number; near: number; total: number } | undefined
  newLocation: { signIn: SignIn; country: string; known: string[] } | undefined
}

/** The unexpected API key creation rule. */
export const apiKeyCreationRule: DetectionRule = {
  id: 'unexpected-api-key-creation',
  version: 1,
  title: 'Unexpected API key creation',
  summary:
    'An API key created by someone who never created one, outside the hours they are usually active, or soon after they signed in from a new country. A key outlives the session that made it.',
  stream: 'audit-events',
  detect(context, thresholds) {
    const drafts: FindingDraft[] = []
    for (const creation of context.reads.activity.eventsOfAction('api_key.created', context.from)) {
      if (creation.actorType === 'system') continue
      const signals = signalsOf(context, creation, thresholds)
      if (signals.isFirst || signals.hour !== undefined || signals.newLocation !== undefined)
        drafts.push(describe(creation, signals, thresholds))
    }
    return drafts
  },
}

function signalsOf(context: RuleContext, creation: ActionEvent, thresholds: Thresholds): Signals {
  const activity = context.reads.activity
  const at = creation.occurredAt
  const firstSeen = activity.firstSeen(creation.actorId)
  const isKnown = firstSeen !== null && at - firstSeen >= (thresholds.learningDays ?? 14) * dayMs
  const isFirst = isKnown && !activity.didBefore(creation.actorId, 'api_key.created', at)
  return {
    isFirst,
    hour: unusualHour(context, creation, thresholds),
    newLocation: newLocation(context, creation, thresholds),
  }
}

/** The creation's UTC hour, when the actor's events within an hour of it are a rare share. */
function unusualHour(context: RuleContext, creation: ActionEvent, thresholds: Thresholds) {
  const at = creation.occurredAt
  const counts = context.reads.activity.hourCounts(
    creation.actorId,
    at - (thresholds.baselineDays ?? 30) * dayMs,
    at,
  )
  const total = counts.reduce((sum, row) => sum + row.events, 0)
  if (total < (thresholds.minimumBaselineEvents ?? 50)) return undefined
  const hour = Math.floor(at / hourMs) % 24
  const nearby = new Set([(hour + 23) % 24, hour, (hour + 1) % 24])
  const near = counts
    .filter((row) => nearby.has(row.hour))
    .reduce((sum, row) => sum + row.events, 0)
  return (near / total) * 100 < (thresholds.unusualHourPercent ?? 1)
    ? { hour, near, total }
    : undefined
}

/** A sign-in shortly before the creation from a country absent from the actor's baseline. */
function newLocation(context: RuleContext, creation: ActionEvent, thresholds: Thresholds) {
  const reads = context.reads.signIns
  const at = creation.occurredAt
  const recent = [
    ...reads.signIns(creation.actorId, at - (thresholds.newLocationHours ?? 24) * hourMs, at + 1),
  ]
  const baselineMs = (thresholds.baselineDays ?? 30) * dayMs
  for (const signIn of recent.reverse()) {
    if (signIn.country === null || signIn.ip === null) continue
    // An address the actor used before places them where they were: no new country (cheap).
    if (
      reads.usedAddress(
        creation.actorId,
        signIn.ip,
        signIn.occurredAt - baselineMs,
        signIn.occurredAt,
      )
    )
      continue
    const before = [
      ...reads.signIns(creation.actorId, signIn.occurredAt - baselineMs, signIn.occurredAt),
    ]
    const known = [...new Set(before.map((each) => each.country).filter((code) => code !== null))]
    if (known.length > 0 && !known.includes(signIn.country))
      return { signIn, country: signIn.country, known: known.sort() }
  }
  return undefined
}

function describe(creation: ActionEvent, signals: Signals, thresholds: Thresholds): FindingDraft {
  const who = creation.actorLabel ?? creation.actorId
  const key =
    creation.resourceName === null ? (creation.resourceId ?? 'a key') : `"${creation.resourceName}"`
  const reasons: string[] = []
  if (signals.isFirst)
    reasons.push(
      `it is the first key ${who} created, with at least ${plural(thresholds.learningDays ?? 14, 'day')} of their activity in the cache`,
    )
  if (signals.hour !== undefined) {
    const { hour, near, total } = signals.hour
    reasons.push(
      `it happened at ${String(hour).padStart(2, '0')}:xx UTC, when ${who} is rarely active: ${plural(near, 'event')} of their ${figure(total)} in the previous ${plural(thresholds.baselineDays ?? 30, 'day')} fell within an hour of it (${figure((near / total) * 100)}%, under ${figure(thresholds.unusualHourPercent ?? 1)}%)`,
    )
  }
  const location = signals.newLocation
  if (location !== undefined)
    reasons.push(
      `${who} had signed in from ${location.signIn.ip ?? 'an address'} in ${countryName(location.country)} at ${utc(location.signIn.occurredAt)}, a country new for them (before: ${listText(location.known)})`,
    )
  const count = reasons.length
  const evidence = [creation.id, ...(location === undefined ? [] : [location.signIn.id])]
  const start = Math.min(creation.occurredAt, location?.signIn.occurredAt ?? creation.occurredAt)
  return {
    ruleId: 'unexpected-api-key-creation',
    ruleVersion: 1,
    severity: count >= 2 ? 'high' : signals.isFirst && count === 1 ? 'low' : 'medium',
    key: creation.id,
    window: { start, end: creation.occurredAt },
    anchor: creation.occurredAt,
    actors: [{ id: creation.actorId, label: creation.actorLabel }],
    ipAddresses: [
      ...new Set([creation.ip, location?.signIn.ip ?? null].filter((ip) => ip !== null)),
    ],
    apiKeys:
      creation.resourceId === null
        ? []
        : [{ id: creation.resourceId, label: creation.resourceName }],
    explanation: `${who} created the API key ${key} at ${utc(creation.occurredAt)}. Unexpected because ${listText(reasons, 3)}.`,
    measurements: {
      signals: count,
      isFirstKey: signals.isFirst ? 1 : 0,
      ...(signals.hour === undefined
        ? {}
        : {
            utcHour: signals.hour.hour,
            eventsNearHour: signals.hour.near,
            baselineEvents: signals.hour.total,
          }),
      ...(location === undefined ? {} : { newCountry: location.country }),
    },
    thresholds,
    evidence: { auditEvents: evidence, requestLogs: [] },
  }
}
