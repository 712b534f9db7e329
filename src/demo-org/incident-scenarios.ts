// The incidents that are about what accounts and keys did (rather than failed sign-ins).
import { roleChange, type Pending } from './records'
import { browserAgents } from './demo-data'
import {
  describe,
  emitUserEvent,
  memberActor,
  type IncidentCast,
  type ScheduledIncident,
} from './incidents'
import { memberResource } from './user-activity'

/** A successful sign-in from a country the member never used, then a few edits from there. */
export function newCountrySignIn(
  cast: IncidentCast,
  at: number,
  ip: string,
  country: string,
): ScheduledIncident {
  return {
    at,
    auditCount: 4,
    requestCount: 0,
    run(context) {
      const member = cast.traveller
      const userAgent =
        browserAgents.find((agent) => agent !== member.userAgent) ?? member.userAgent
      const audit: Pending[] = [
        emitUserEvent(context, member, at, {
          action: 'user.signed_in',
          resource: null,
          ipAddress: ip,
          userAgent,
        }),
      ]
      let time = at
      for (let edit = 0; edit < 3; edit++) {
        time += context.random.int(60_000, 300_000)
        const template = context.org.templates.pick(context.random, time)
        const resource =
          template === undefined ? null : { id: template.id, name: template.name, type: 'template' }
        audit.push(
          emitUserEvent(context, member, time, {
            action: 'template.updated',
            resource,
            ipAddress: ip,
            userAgent,
            metadata: { project_id: template?.projectId ?? null },
          }),
        )
      }
      const description = `${member.email} (home ${member.country}) signed in successfully from ${ip} in ${country}, a country they never used, and edited templates.`
      const details = { country, homeCountry: member.country }
      return describe(
        'new-country-sign-in',
        description,
        { audit, requests: [] },
        { actors: [memberActor(member)], ips: [ip], details },
      )
    },
  }
}

/** An API key created at night (the member's local time) by a member who never created one. */
export function nightKeyCreation(
  cast: IncidentCast,
  at: number,
  localHour: number,
): ScheduledIncident {
  return {
    at,
    auditCount: 1,
    requestCount: 0,
    run(context) {
      const member = cast.nightCreator
      const key = { id: context.random.ulid('key', at), name: 'export-tmp', type: 'api_key' }
      const fields = {
        action: 'api_key.created',
        resource: key,
        ipAddress: member.ips[0] ?? null,
        userAgent: member.userAgent,
        metadata: { scopes: ['audit_logs:read', 'templates:read', 'templates:write'] },
      }
      const audit = [emitUserEvent(context, member, at, fields)]
      const description = `${member.email} created the API key "${key.name}" at ${localHour.toFixed(2)} local time (${member.timeZone}); they never created a key before.`
      const details = { timeZone: member.timeZone, localHour, keyId: key.id }
      return describe(
        'night-api-key-creation',
        description,
        { audit, requests: [] },
        { actors: [memberActor(member)], ips: [member.ips[0] ?? ''], details },
      )
    },
  }
}

/** Over 100 template deletions within a few minutes by one member. */
export function bulkTemplateDeletion(cast: IncidentCast, at: number): ScheduledIncident {
  const deletions = 120
  return {
    at,
    auditCount: deletions,
    requestCount: 0,
    run(context) {
      const member = cast.deleter
      const ip = member.ips[0] ?? null
      const audit: Pending[] = []
      let time = at
      for (let deletion = 0; deletion < deletions; deletion++) {
        const template = context.org.templates.pick(context.random, time)
        if (template === undefined) break
        context.org.templates.remove(template.id)
        time += context.random.int(800, 3_000)
        const resource = { id: template.id, name: template.name, type: 'template' }
        audit.push(
          emitUserEvent(context, member, time, {
            action: 'template.deleted',
            resource,
            ipAddress: ip,
            userAgent: member.userAgent,
            metadata: { project_id: template.projectId },
          }),
        )
      }
      const description = `${member.email} deleted ${audit.length} templates within ${Math.round((time - at) / 60_000)} minutes.`
      return describe(
        'bulk-template-deletion',
        description,
        { audit, requests: [] },
        {
          actors: [memberActor(member)],
          ips: ip === null ? [] : [ip],
          details: { deletions: audit.length },
        },
      )
    },
  }
}

/** A leaked key: for `perHour.length` hours, over ten times its usual traffic from new addresses. */
export function leakedKey(
  cast: IncidentCast,
  at: number,
  perHour: readonly number[],
  ips: readonly string[],
  country: string,
): ScheduledIncident {
  return {
    at,
    auditCount: 0,
    requestCount: perHour.reduce((total, count) => total + count, 0),
    run(context) {
      const key = cast.leaked
      const requests: Pending[] = []
      perHour.forEach((count, hour) => {
        const times = Array.from(
          { length: count },
          () => at + hour * 3_600_000 + context.random.int(0, 3_599_999),
        ).sort((a, b) => a - b)
        for (const time of times) {
          const record = context.api.request(key, time, {
            ip: context.random.pick(ips),
            userAgent: 'python-requests/2.32.3',
          })
          context.emitRequest(record)
          requests.push(record)
        }
      })
      const description = `The key "${key.name}" (…${key.last4}) made ${requests.length} extra requests in ${perHour.length} hours from ${ips.length} addresses in ${country} it never used: over ten times its usual hourly volume.`
      return describe(
        'leaked-api-key',
        description,
        { audit: [], requests },
        {
          actors: [{ type: 'api_key', id: key.id, name: key.name, role: 'integration' }],
          ips: [...ips],
          keys: [key],
          details: { country, hours: perHour.length, requestsPerHour: perHour.map(String) },
        },
      )
    },
  }
}

/** An admin makes a member owner; the new owner then removes several members. */
export function roleEscalation(cast: IncidentCast, at: number): ScheduledIncident {
  return {
    at,
    auditCount: 1 + cast.removed.length,
    requestCount: 0,
    run(context) {
      const { escalator, escalated } = cast
      const fromRole = escalated.role
      const change = {
        action: 'member.role_changed',
        resource: memberResource(escalated),
        ipAddress: escalator.ips[0] ?? null,
        userAgent: escalator.userAgent,
        metadata: roleChange(fromRole, 'owner'),
      }
      const audit = [emitUserEvent(context, escalator, at, change)]
      escalated.role = 'owner'
      let time = at
      for (const victim of cast.removed) {
        time += context.random.int(120_000, 360_000)
        victim.removedAt = time
        audit.push(
          emitUserEvent(context, escalated, time, {
            action: 'member.removed',
            resource: memberResource(victim),
            ipAddress: escalated.ips[0] ?? null,
            userAgent: escalated.userAgent,
          }),
        )
      }
      const description = `${escalator.email} changed ${escalated.email} from ${fromRole} to owner; ${escalated.email} then removed ${cast.removed.length} members within ${Math.round((time - at) / 60_000)} minutes.`
      const actors = [memberActor(escalator), memberActor(escalated)]
      return describe(
        'role-escalation',
        description,
        { audit, requests: [] },
        {
          actors,
          ips: [escalator.ips[0] ?? '', escalated.ips[0] ?? ''],
          details: { removedMemberIds: cast.removed.map((member) => member.id) },
        },
      )
    },
  }
}
