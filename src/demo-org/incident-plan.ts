// When each incident happens, and the "showcase" events that make every action of the contract
// appear at least once even in a tiny organization.
import type { ApiActivity } from './api-activity'
import type { Geo } from './geo'
import {
  attackerCountries,
  bruteForce,
  chooseCast,
  passwordSpraying,
  protectedMembers,
  type IncidentCast,
  type ScheduledIncident,
} from './incidents'
import {
  bulkTemplateDeletion,
  leakedKey,
  newCountrySignIn,
  nightKeyCreation,
  roleEscalation,
} from './incident-scenarios'
import type { Integration, Member, Organization } from './organization'
import type { Random } from './random'
import type { Pending } from './records'
import { dayMs, dayOf, hourMs, localClock, offsetMinutes } from './time'
import type { UserActivity } from './user-activity'

/** A non-incident event planned at `at` so that every action occurs at least once. */
export type ScheduledEvent = {
  at: number
  run(users: UserActivity, api: ApiActivity): Pending | null
}

/** Everything planned before generation starts. */
export type IncidentPlan = {
  cast: IncidentCast
  protectedIds: Set<string>
  incidents: ScheduledIncident[]
  showcase: ScheduledEvent[]
  auditCount: number
  requestCount: number
}

/** The instant at which `member`'s wall clock shows `localHour` on UTC day `day`. */
export function atLocalHour(member: Member, day: number, localHour: number): number {
  const guess = day * dayMs + localHour * hourMs
  const first = guess - offsetMinutes(member.timeZone, guess) * 60_000
  return guess - offsetMinutes(member.timeZone, first) * 60_000
}

/** Plans incidents and showcase events over [start, end). */
export function planIncidents(
  org: Organization,
  geo: Geo,
  random: Random,
  window: { start: number; end: number },
  expectedRequests: (integration: Integration, hourStart: number) => number,
): IncidentPlan {
  const cast = chooseCast(org, random)
  const { start, end } = window
  const dayAt = (fraction: number): number => dayOf(start + fraction * (end - start))
  const clamp = (time: number): number => Math.min(Math.max(time, start + hourMs), end - 6 * hourMs)
  const [bruteCountry, sprayCountry, travelCountry, leakCountry] = random.sample(
    attackerCountries,
    4,
  ) as [string, string, string, string]
  const nightAt = clamp(atLocalHour(cast.nightCreator, dayAt(0.6), 3 + 10 / 60))
  const leakAt = clamp(weekdayAtOrAfter(dayAt(0.8), end) * dayMs + 15 * hourMs)
  const perHour = [0, 1, 2].map((hour) =>
    Math.max(30, Math.ceil(12 * expectedRequests(cast.leaked, leakAt + hour * hourMs))),
  )
  const leakIps = [0, 1, 2].map(() => geo.addressIn(leakCountry, random))
  const incidents = [
    bruteForce(
      cast,
      clamp(dayAt(0.22) * dayMs + 3.3 * hourMs),
      geo.addressIn(bruteCountry, random),
    ),
    passwordSpraying(
      cast,
      clamp(dayAt(0.36) * dayMs + 22.6 * hourMs),
      geo.addressIn(sprayCountry, random),
    ),
    newCountrySignIn(
      cast,
      clamp(atLocalHour(cast.traveller, dayAt(0.5), 11)),
      geo.addressIn(travelCountry, random),
      travelCountry,
    ),
    nightKeyCreation(
      cast,
      nightAt,
      roundHour(localClock(cast.nightCreator.timeZone, nightAt).hour),
    ),
    bulkTemplateDeletion(cast, clamp(atLocalHour(cast.deleter, dayAt(0.7), 14.3))),
    leakedKey(cast, leakAt, perHour, leakIps, leakCountry),
    roleEscalation(cast, clamp(atLocalHour(cast.escalator, dayAt(0.88), 17.5))),
  ]
  const showcase = showcaseEvents(org, cast, clamp(dayAt(0.1) * dayMs))
  return {
    cast,
    protectedIds: protectedMembers(cast),
    incidents,
    showcase,
    auditCount: incidents.reduce((total, incident) => total + incident.auditCount, showcase.length),
    requestCount: incidents.reduce((total, incident) => total + incident.requestCount, 0),
  }
}

const ownerActions = [
  'organization.created',
  'organization.updated',
  'billing.updated',
  'member.invited',
  'member.role_changed',
  'member.removed',
  'api_key.created',
  'api_key.deleted',
]
const memberActions = [
  'user.signed_in',
  'user.signed_out',
  'project.created',
  'project.updated',
  'template.created',
  'template.duplicated',
  'template.updated',
  'template.deleted',
  'project.deleted',
]

function showcaseEvents(org: Organization, cast: IncidentCast, dayStart: number): ScheduledEvent[] {
  const owner = org.members.find((member) => member.role === 'owner' && member.managesKeys)
  const editor = org.members.find(
    (member) => member.role === 'member' && !protectedMembers(cast).has(member.id),
  )
  const integration = org.integrations[0]
  if (owner === undefined || editor === undefined || integration === undefined) return []
  const day = dayOf(dayStart)
  const planned = (member: Member, actions: string[]): ScheduledEvent[] =>
    actions.map((action, index) => ({
      at: atLocalHour(member, day, member.startHour + 1 + index * 0.3),
      run: (users) =>
        users.event(
          action,
          member,
          atLocalHour(member, day, member.startHour + 1 + index * 0.3),
          300,
        ),
    }))
  const generation: ScheduledEvent = {
    at: dayStart + 12 * hourMs,
    run: (_users, api) => api.generation(integration, dayStart + 12 * hourMs),
  }
  return [...planned(owner, ownerActions), ...planned(editor, memberActions), generation]
}

function weekdayAtOrAfter(day: number, end: number): number {
  for (let candidate = day; candidate * dayMs + 19 * hourMs < end; candidate++) {
    const weekday = (candidate + 4) % 7
    if (weekday !== 0 && weekday !== 6) return candidate
  }
  return day
}

function roundHour(hour: number): number {
  return Math.round(hour * 100) / 100
}
