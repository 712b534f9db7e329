// Background activity of members: who is at work when, and what each role does. Chosen so that
// normal activity never resembles an injected incident: no night-time key creation, no bursts of
// failures or deletions, no escalation to owner, sign-ins only from the member's home addresses.
import {
  auditEvent,
  roleChange,
  systemActor,
  userActor,
  type Pending,
  type Resource,
} from './records'
import { actionTable } from './member-actions'
import { newTemplate, type Member, type Organization, type Role } from './organization'
import type { Random } from './random'
import { localClock } from './time'

/** Relative activity of a member during the hour starting at `hourStart` (0 outside their day). */
export function memberWeight(member: Member, hourStart: number): number {
  if (member.removedAt <= hourStart) return 0
  const { hour, weekday } = localClock(member.timeZone, hourStart + 1_800_000)
  const end = member.startHour + member.workHours
  const isWorking = hour >= member.startHour && hour < end
  const scale = member.activity * (member.role === 'viewer' ? 0.35 : 1)
  if (weekday === 0 || weekday === 6) return isWorking ? 0.04 * scale : 0
  if (isWorking) return (Math.floor(hour) === Math.floor(member.startHour + 4) ? 0.5 : 1) * scale
  return hour >= end && hour < end + 2 ? 0.12 * scale : 0
}

/** Builds members' events; `protectedIds` are members whose role and membership it must not touch. */
export class UserActivity {
  private seats = 75
  private readonly createdKeys: { id: string; name: string }[] = []

  /** Binds the builder to the organization, its randomness and the incident-involved members. */
  constructor(
    private readonly org: Organization,
    private readonly random: Random,
    private readonly protectedIds: ReadonlySet<string>,
  ) {}

  /** A background action of `member` at `time`, chosen by role (null if nothing fits). */
  randomEvent(member: Member, time: number, delay: number): Pending | null {
    const table = actionTable(member)
    const action = table.actions[this.random.weightedIndex(table.weights)]
    return action === undefined ? null : this.event(action, member, time, delay)
  }

  /** An event of the given action by `member`, or a template update when the action cannot apply. */
  event(action: string, member: Member, time: number, delay: number): Pending | null {
    const id = this.random.ulid('evt', time)
    const base = {
      actor: userActor(member),
      ipAddress: this.random.pick(member.ips),
      userAgent: member.userAgent,
    }
    const built = this.fields(action, member, time)
    if (built === null)
      return action === 'template.updated'
        ? null
        : this.event('template.updated', member, time, delay)
    const fields = { ...base, ...built, action: built.action ?? action }
    return auditEvent(id, time, time + delay, fields)
  }

  private fields(action: string, member: Member, time: number): EventParts | null {
    switch (action) {
      case 'user.signed_in':
        return this.random.chance(0.03)
          ? { resource: null, failureReason: this.random.pick(failureReasons) }
          : { resource: null }
      case 'user.signed_out':
        return this.random.chance(0.12)
          ? {
              resource: memberResource(member),
              actor: systemActor,
              ipAddress: null,
              userAgent: null,
              metadata: { reason: 'session_expired' },
            }
          : { resource: null }
      case 'template.created':
      case 'template.duplicated':
      case 'template.updated':
      case 'template.deleted':
        return this.templateFields(action, time)
      case 'project.created':
      case 'project.updated':
      case 'project.deleted':
        return this.projectFields(action, time)
      default:
        return this.adminFields(action, time)
    }
  }

  private templateFields(action: string, time: number): EventParts | null {
    const catalog = this.org.templates
    if (action === 'template.created' || action === 'template.duplicated') {
      if (catalog.size >= 420) return null
      const source = catalog.pick(this.random, time)
      const template = newTemplate(this.random, this.org.projects, time)
      catalog.add(template)
      const metadata =
        action === 'template.duplicated' && source !== undefined
          ? { source_template_id: source.id }
          : { project_id: template.projectId }
      return { resource: { id: template.id, name: template.name, type: 'template' }, metadata }
    }
    if (action === 'template.deleted' && catalog.size <= 260) return null
    const template = catalog.pick(this.random, time - 3_600_000)
    if (template === undefined) return null
    if (action === 'template.deleted') catalog.remove(template.id)
    return {
      resource: { id: template.id, name: template.name, type: 'template' },
      metadata: { project_id: template.projectId },
    }
  }

  private projectFields(action: string, time: number): EventParts | null {
    const projects = this.org.projects
    if (action === 'project.created') {
      const project = {
        id: this.random.ulid('prj', time),
        name: `${this.random.pick(projects).name} ${projects.length}`,
      }
      projects.push(project)
      return { resource: { id: project.id, name: project.name, type: 'project' } }
    }
    // Only projects created during the history are deleted: the original 15 stay.
    const project =
      action === 'project.deleted'
        ? projects.length > 15
          ? projects.pop()
          : undefined
        : this.random.pick(projects)
    if (project === undefined) return null
    return { resource: { id: project.id, name: project.name, type: 'project' } }
  }

  private adminFields(action: string, time: number): EventParts | null {
    const organization: Resource = { id: this.org.id, name: this.org.name, type: 'organization' }
    switch (action) {
      case 'member.invited': {
        const email = `${this.random.pick(['new.hire', 'contractor', 'consultant', 'intern'])}.${this.random.hex(4)}@${this.org.domain}`
        return {
          resource: { id: this.random.ulid('usr', time), name: email, type: 'user' },
          metadata: { role: 'member' },
        }
      }
      case 'member.role_changed':
        return this.roleChangeFields()
      case 'member.removed':
        return this.removalFields(time)
      case 'organization.updated':
        return {
          resource: organization,
          metadata: {
            fields: [
              this.random.pick([
                'sso_enforced',
                'display_name',
                'default_locale',
                'session_timeout',
              ]),
            ],
          },
        }
      case 'organization.created':
        return {
          resource: {
            id: `org_${this.random.ulid('x', time).slice(2, 20)}`,
            name: `${this.org.name} (sandbox)`,
            type: 'organization',
          },
        }
      case 'billing.updated':
        return this.billingFields(organization)
      case 'api_key.created':
      case 'api_key.deleted':
        return this.keyFields(action, time)
      default:
        return null
    }
  }

  private roleChangeFields(): EventParts | null {
    const candidates = this.org.members.filter(
      (m) => m.role !== 'owner' && m.removedAt === Infinity && !this.protectedIds.has(m.id),
    )
    if (candidates.length === 0) return null
    const target = this.random.pick(candidates)
    const to: Role =
      target.role === 'member' ? this.random.pick<Role>(['viewer', 'admin']) : 'member'
    const metadata = roleChange(target.role, to)
    target.role = to
    return { resource: memberResource(target), metadata }
  }

  private removalFields(time: number): EventParts | null {
    const candidates = this.org.members.filter(
      (m) => m.role === 'viewer' && m.removedAt === Infinity && !this.protectedIds.has(m.id),
    )
    if (candidates.length <= 6) return null
    const target = this.random.pick(candidates)
    target.removedAt = time
    return { resource: memberResource(target) }
  }

  private billingFields(organization: Resource): EventParts {
    if (this.random.chance(0.3)) {
      return {
        resource: organization,
        actor: systemActor,
        ipAddress: null,
        userAgent: null,
        metadata: { changes: { invoice_status: { from: 'open', to: 'paid' } } },
      }
    }
    const to = this.seats + this.random.int(1, 5)
    const changes = { seats: { from: this.seats, to } }
    this.seats = to
    return { resource: organization, metadata: { changes } }
  }

  private keyFields(action: string, time: number): EventParts | null {
    if (action === 'api_key.deleted') {
      const key = this.createdKeys.shift()
      return key === undefined
        ? null
        : { resource: { id: key.id, name: key.name, type: 'api_key' } }
    }
    const key = {
      id: this.random.ulid('key', time),
      name: this.random.pick(['Staging sync', 'Reporting', 'QA automation', 'Backfill job']),
    }
    this.createdKeys.push(key)
    return {
      resource: { ...key, type: 'api_key' },
      metadata: { scopes: ['audit_logs:read', 'templates:write'] },
    }
  }
}

type EventParts = {
  action?: string
  actor?: ReturnType<typeof userActor>
  resource: Resource
  ipAddress?: string | null
  userAgent?: string | null
  failureReason?: string | null
  metadata?: Record<string, unknown>
}

const failureReasons = [
  'invalid_password',
  'invalid_password',
  'invalid_password',
  'mfa_failed',
  'sso_error',
]

/** The resource object naming a member. */
export function memberResource(member: Member): Resource {
  return { id: member.id, name: member.name, type: 'user' }
}
