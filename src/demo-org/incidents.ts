// The injected incidents: each is scheduled at a planned instant, generated when the hour-by-hour
// generator reaches it (so it sees and changes the organization's state), and described in the
// ground truth with the ids of every record it produced.
import type { GroundTruthIncident, IncidentActor, IncidentScenario } from './ground-truth'
import type { Integration, Member, Organization } from './organization'
import type { Random } from './random'
import { auditEvent, userActor, type Pending } from './records'
import { iso } from './time'
import type { ApiActivity } from './api-activity'

/** What an incident needs while it is generated. */
export type IncidentContext = {
  random: Random
  org: Organization
  api: ApiActivity
  emitAudit(record: Pending): void
  emitRequest(record: Pending): void
}

/** An incident waiting for the generator to reach `at`. Counts are known in advance. */
export type ScheduledIncident = {
  at: number
  auditCount: number
  requestCount: number
  run(context: IncidentContext): GroundTruthIncident
}

/** The members and integration that incidents involve, chosen once. */
export type IncidentCast = {
  bruteTarget: Member
  sprayTargets: Member[]
  traveller: Member
  nightCreator: Member
  deleter: Member
  escalator: Member
  escalated: Member
  removed: Member[]
  leaked: Integration
}

/** Countries no member or integration lives in: where attackers come from. */
export const attackerCountries = ['RU', 'VN', 'NG', 'RO', 'UA', 'AR', 'ZA', 'TR']

/** Picks the cast deterministically; throws if the organization is too small for the incidents. */
export function chooseCast(org: Organization, random: Random): IncidentCast {
  const members = random.sample(
    org.members.filter((member) => member.role === 'member'),
    5,
  )
  const admins = random.sample(
    org.members.filter((member) => member.role === 'admin' && !member.managesKeys),
    2,
  )
  const [bruteTarget, traveller, deleter, escalated, spare] = members
  const [nightCreator, escalator] = admins
  const leaked = org.integrations[2]
  if (
    !bruteTarget ||
    !traveller ||
    !deleter ||
    !escalated ||
    !spare ||
    !nightCreator ||
    !escalator ||
    !leaked
  ) {
    throw new Error('The demo organization is too small to stage every incident')
  }
  const involved = new Set([bruteTarget, traveller, deleter, escalated, nightCreator, escalator])
  const others = org.members.filter((member) => !involved.has(member) && member.role !== 'owner')
  const removed = random.sample(
    others.filter((member) => member.role !== 'admin'),
    5,
  )
  const sprayTargets = random.sample(others, 30)
  return {
    bruteTarget,
    sprayTargets,
    traveller,
    nightCreator,
    deleter,
    escalator,
    escalated,
    removed,
    leaked,
  }
}

/** Members whose role and membership background activity must leave alone. */
export function protectedMembers(cast: IncidentCast): Set<string> {
  const single = [
    cast.bruteTarget,
    cast.traveller,
    cast.nightCreator,
    cast.deleter,
    cast.escalator,
    cast.escalated,
  ]
  return new Set([...single, ...cast.removed].map((member) => member.id))
}

/** Builds a ground-truth entry from the records an incident produced. */
export function describe(
  scenario: IncidentScenario,
  description: string,
  records: { audit: Pending[]; requests: Pending[] },
  involved: {
    actors: IncidentActor[]
    ips: string[]
    keys?: Integration[]
    details?: GroundTruthIncident['details']
  },
): GroundTruthIncident {
  const times = [...records.audit, ...records.requests].map((record) => record.occurredAt)
  return {
    scenario,
    description,
    window: { start: iso(Math.min(...times)), end: iso(Math.max(...times)) },
    actors: involved.actors,
    ipAddresses: [...new Set(involved.ips)],
    apiKeys: (involved.keys ?? []).map((key) => ({ id: key.id, last4: key.last4, name: key.name })),
    auditEventIds: records.audit.map((record) => record.id),
    requestLogIds: records.requests.map((record) => record.id),
    details: involved.details ?? {},
  }
}

/** The ground-truth description of a member. */
export function memberActor(member: Member): IncidentActor {
  return { type: 'user', id: member.id, name: member.name, email: member.email, role: member.role }
}

/** Emits a user's event at `time` and returns it. */
export function emitUserEvent(
  context: IncidentContext,
  member: Member,
  time: number,
  fields: Omit<Parameters<typeof auditEvent>[3], 'actor'>,
): Pending {
  const record = auditEvent(
    context.random.ulid('evt', time),
    time,
    time + context.random.int(40, 900),
    {
      ...fields,
      actor: userActor(member),
    },
  )
  context.emitAudit(record)
  return record
}

/** Failed sign-ins against one member from one address: `attempts` within a few minutes. */
export function bruteForce(cast: IncidentCast, at: number, ip: string): ScheduledIncident {
  const attempts = 40
  return {
    at,
    auditCount: attempts,
    requestCount: 0,
    run(context) {
      const target = cast.bruteTarget
      const audit: Pending[] = []
      let time = at
      for (let attempt = 0; attempt < attempts; attempt++) {
        time += context.random.int(4_000, 16_000)
        const failureReason = attempt >= attempts - 5 ? 'account_locked' : 'invalid_password'
        const fields = {
          action: 'user.signed_in',
          resource: null,
          ipAddress: ip,
          userAgent: 'python-requests/2.32.3',
          failureReason,
        }
        audit.push(emitUserEvent(context, target, time, fields))
      }
      const description = `${attempts} failed sign-ins against ${target.email} from ${ip} within minutes; the account locked.`
      return describe(
        'brute-force',
        description,
        { audit, requests: [] },
        { actors: [memberActor(target)], ips: [ip], details: { attempts } },
      )
    },
  }
}

/** One failed sign-in per member, for many members, from one address. */
export function passwordSpraying(cast: IncidentCast, at: number, ip: string): ScheduledIncident {
  return {
    at,
    auditCount: cast.sprayTargets.length,
    requestCount: 0,
    run(context) {
      const audit: Pending[] = []
      let time = at
      for (const target of cast.sprayTargets) {
        time += context.random.int(15_000, 40_000)
        const userAgent =
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'
        audit.push(
          emitUserEvent(context, target, time, {
            action: 'user.signed_in',
            resource: null,
            ipAddress: ip,
            userAgent,
            failureReason: 'invalid_password',
          }),
        )
      }
      const description = `One failed sign-in each for ${cast.sprayTargets.length} different members from ${ip}.`
      const actors = cast.sprayTargets.map(memberActor)
      return describe(
        'password-spraying',
        description,
        { audit, requests: [] },
        { actors, ips: [ip], details: { targets: cast.sprayTargets.length } },
      )
    },
  }
}
