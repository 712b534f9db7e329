// The demo organization's cast: members with homes and working hours, integrations with keys,
// projects and a catalogue of templates that changes as activity creates and deletes them.
import {
  browserAgents,
  firstNames,
  homes,
  integrationSpecs,
  lastNames,
  projectNames,
  templateKinds,
  templateVariants,
  type Rhythm,
} from './demo-data'
import type { Geo } from './geo'
import type { Random } from './random'

/** A member's role in the organization. */
export type Role = 'owner' | 'admin' | 'member' | 'viewer'

/** A person in the organization. `removedAt` is when they were removed (Infinity if never). */
export type Member = {
  id: string
  name: string
  email: string
  role: Role
  country: string
  timeZone: string
  startHour: number
  workHours: number
  activity: number
  ips: string[]
  userAgent: string
  managesKeys: boolean
  removedAt: number
}

/** An integration calling the API with its own key. */
export type Integration = {
  id: string
  name: string
  last4: string
  country: string
  ips: string[]
  userAgent: string
  rhythm: Rhythm
  share: number
}

/** A project (templates belong to one). */
export type Project = { id: string; name: string }

/** A template as the activity sees it. */
export type Template = { id: string; name: string; projectId: string; createdAt: number }

/** The whole cast. */
export type Organization = {
  id: string
  name: string
  domain: string
  members: Member[]
  integrations: Integration[]
  projects: Project[]
  templates: TemplateCatalog
  strayIps: string[]
}

/** Builds the organization deterministically from `random`, with IPs from each home country. */
export function buildOrganization(random: Random, geo: Geo, createdAt: number): Organization {
  const projects = projectNames.map((name) => ({ id: random.ulid('prj', createdAt), name }))
  const templates = new TemplateCatalog()
  for (let index = 0; index < 300; index++) {
    templates.add(newTemplate(random, projects, createdAt - random.int(1, 400) * 86_400_000))
  }
  return {
    id: `org_${random.ulid('x', createdAt).slice(2, 20)}`,
    name: 'Acme Inc.',
    domain: 'acme.example',
    members: buildMembers(random, geo, createdAt),
    integrations: buildIntegrations(random, geo, createdAt),
    projects,
    templates,
    // Misconfigured clients that call without a valid key: a few fixed addresses.
    strayIps: ['US', 'DE', 'IN'].map((country) => geo.addressIn(country, random)),
  }
}

function buildMembers(random: Random, geo: Geo, createdAt: number): Member[] {
  const roles: Role[] = [
    'owner',
    'owner',
    ...repeat<Role>('admin', 6),
    ...repeat<Role>('viewer', 12),
  ]
  const seats = homes.flatMap((home) => repeat(home, home.members))
  const shuffledRoles = random.sample(
    [...roles, ...repeat<Role>('member', seats.length - roles.length)],
    seats.length,
  )
  const usedEmails = new Set<string>()
  return seats
    .map((home, index) => {
      const first = random.pick(firstNames)
      const last = random.pick(lastNames)
      let email = `${first}.${last}@acme.example`.toLowerCase()
      for (let suffix = 2; usedEmails.has(email); suffix++)
        email = `${first}.${last}${suffix}@acme.example`.toLowerCase()
      usedEmails.add(email)
      return {
        id: random.ulid('usr', createdAt - 86_400_000 * random.int(1, 300)),
        name: `${first} ${last}`,
        email,
        role: shuffledRoles[index] ?? 'member',
        country: home.country,
        timeZone: home.timeZone,
        startHour: 7 + random.int(0, 6) * 0.5,
        workHours: 8 + random.int(0, 2) * 0.5,
        activity: 0.5 + random.next(),
        ips: [geo.addressIn(home.country, random), geo.addressIn(home.country, random)],
        userAgent: random.pick(browserAgents),
        managesKeys: false,
        removedAt: Infinity,
      }
    })
    .map(assignKeyManagers)
}

function assignKeyManagers(member: Member, _index: number, members: readonly Member[]): Member {
  const managers = [
    members.find((candidate) => candidate.role === 'owner'),
    ...members.filter((candidate) => candidate.role === 'admin').slice(0, 2),
  ]
  return { ...member, managesKeys: managers.includes(member) }
}

function buildIntegrations(random: Random, geo: Geo, createdAt: number): Integration[] {
  return integrationSpecs.map((spec) => ({
    id: random.ulid('key', createdAt - 86_400_000 * random.int(100, 500)),
    name: spec.name,
    last4: random.hex(4),
    country: spec.country,
    ips: [geo.addressIn(spec.country, random), geo.addressIn(spec.country, random)],
    userAgent: spec.userAgent,
    rhythm: spec.rhythm,
    share: spec.share,
  }))
}

/** A new template in a random project. */
export function newTemplate(
  random: Random,
  projects: readonly Project[],
  createdAt: number,
): Template {
  return {
    id: random.ulid('tpl', createdAt),
    name: `${random.pick(templateKinds)} (${random.pick(templateVariants)})`,
    projectId: random.pick(projects).id,
    createdAt,
  }
}

/** The templates that exist right now: add, remove, and pick one at random in O(1). */
export class TemplateCatalog {
  private readonly items: Template[] = []
  private readonly positions = new Map<string, number>()

  /** Number of existing templates. */
  get size(): number {
    return this.items.length
  }

  /** Adds a template. */
  add(template: Template): void {
    this.positions.set(template.id, this.items.length)
    this.items.push(template)
  }

  /** Removes a template (no-op when absent). */
  remove(id: string): void {
    const position = this.positions.get(id)
    const last = this.items.pop()
    if (position === undefined || last === undefined) {
      if (last !== undefined) this.items.push(last)
      return
    }
    this.positions.delete(id)
    if (last.id !== id) {
      this.items[position] = last
      this.positions.set(last.id, position)
    }
  }

  /** A random existing template created before `time`, or undefined. */
  pick(random: Random, time: number): Template | undefined {
    for (let attempt = 0; attempt < 8 && this.items.length > 0; attempt++) {
      const template = this.items[random.int(0, this.items.length - 1)]
      if (template !== undefined && template.createdAt < time) return template
    }
    return undefined
  }
}

function repeat<T>(value: T, count: number): T[] {
  return Array.from({ length: Math.max(0, count) }, () => value)
}
