// Generates the organization's history hour by hour into the database: background activity
// allocated over hours by members' working hours and integrations' rhythms, plus the planned
// incidents. Memory stays bounded by one hour of records, whatever the total size.
import { ApiActivity, integrationWeight } from './api-activity'
import type { GroundTruth, GroundTruthIncident } from './ground-truth'
import { openGeo } from './geo'
import { planIncidents, type IncidentPlan } from './incident-plan'
import type { IncidentContext } from './incidents'
import { buildOrganization, type Integration, type Organization } from './organization'
import { Random } from './random'
import type { Pending } from './records'
import type { DemoDatabase, StreamName } from './store'
import { StreamWriter } from './stream-writer'
import { dayMs, hourMs, iso } from './time'
import { memberWeight, UserActivity } from './user-activity'

/** What to generate. `now` is the end of the history. */
export type GenerateOptions = {
  seed: number
  auditEvents: number
  requestLogs: number
  days: number
  now: number
  database: DemoDatabase
  onWrite?: (stream: StreamName, days: ReadonlySet<number>) => void
}

/** The generated organization, its ground truth and the builders live mode continues with. */
export type Generated = {
  org: Organization
  groundTruth: GroundTruth
  users: UserActivity
  api: ApiActivity
  writers: Record<StreamName, StreamWriter>
}

type HourBudget = { user: Int32Array; usage: Int32Array; requests: Int32Array }

/** Generates the whole history into `options.database`. */
export async function generate(options: GenerateOptions): Promise<Generated> {
  const setup = prepare(options)
  const { org, users, api, writers, plan, context } = setup
  const incidents: GroundTruthIncident[] = []
  const hours = options.days * 24
  for (let hour = 0; hour < hours; hour++) {
    // One transaction per 12 hours: the writers' own transactions nest as cheap savepoints.
    if (hour % 12 === 0) options.database.db.exec('BEGIN')
    const hourStart = setup.start + hour * hourMs
    const hourEnd = hourStart + hourMs
    const isDue = (at: number): boolean => at >= hourStart && at < hourEnd
    for (const incident of plan.incidents)
      if (isDue(incident.at)) incidents.push(incident.run(context))
    for (const planned of plan.showcase) {
      const record = isDue(planned.at) ? planned.run(users, api) : null
      if (record !== null) writers['audit-events'].add(record)
    }
    generateHour(setup, hourStart, hour)
    writers['audit-events'].flushBefore(hourEnd)
    writers['request-logs'].flushBefore(hourEnd)
    if (hour % 12 === 11 || hour === hours - 1) {
      options.database.db.exec('COMMIT')
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  writers['audit-events'].flushAll()
  writers['request-logs'].flushAll()
  const groundTruth: GroundTruth = {
    version: 1,
    seed: options.seed,
    organization: { id: org.id, name: org.name },
    historyStart: iso(setup.start),
    historyEnd: iso(options.now),
    incidents,
  }
  return { org, groundTruth, users, api, writers }
}

type HourContext = {
  org: Organization
  users: UserActivity
  api: ApiActivity
  random: Random
  writers: Record<StreamName, StreamWriter>
  now: number
  start: number
  plan: IncidentPlan
  budget: HourBudget
  context: IncidentContext
}

function prepare(options: GenerateOptions): HourContext {
  const { seed, now, database } = options
  const start = now - options.days * dayMs
  const geo = openGeo()
  const org = buildOrganization(new Random(seed, 'organization'), geo, start)
  const random = new Random(seed, 'activity')
  const api = new ApiActivity(org, random)
  const keysWeight = (hourStart: number): number =>
    sumOf(org.integrations.map((key) => integrationWeight(key, hourStart)))
  const requestWeights = hourlyWeights(options.days * 24, keysWeight, start)
  const totalRequestWeight = sumOf(Array.from(requestWeights))
  const expected = (key: Integration, hourStart: number): number =>
    totalRequestWeight === 0
      ? 0
      : (options.requestLogs * integrationWeight(key, hourStart)) / totalRequestWeight
  const plan = planIncidents(org, geo, new Random(seed, 'incidents'), { start, end: now }, expected)
  const writer = (stream: StreamName): StreamWriter =>
    new StreamWriter(database.streams[stream], (days) => options.onWrite?.(stream, days))
  const writers = { 'audit-events': writer('audit-events'), 'request-logs': writer('request-logs') }
  const context: IncidentContext = {
    random: new Random(seed, 'incident-activity'),
    org,
    api,
    emitAudit: (record) => {
      writers['audit-events'].add(record)
    },
    emitRequest: (record) => {
      writers['request-logs'].add(record)
    },
  }
  const budget = allocateBudget(
    options,
    org,
    plan,
    start,
    requestWeights,
    new Random(seed, 'noise'),
  )
  const users = new UserActivity(org, random, plan.protectedIds)
  return { org, users, api, random, writers, now, start, plan, budget, context }
}

function generateHour(context: HourContext, hourStart: number, hour: number): void {
  const { org, users, api, random, writers, now, budget } = context
  const memberWeights = org.members.map((member) => memberWeight(member, hourStart))
  const keyWeights = org.integrations.map((key) => integrationWeight(key, hourStart))
  const timeIn = (): number => Math.min(hourStart + Math.floor(random.next() * hourMs), now - 1)
  if (sumOf(memberWeights) > 0) {
    for (let index = 0; index < (budget.user[hour] ?? 0); index++) {
      const member = org.members[random.weightedIndex(memberWeights)]
      const time = timeIn()
      if (member === undefined || member.removedAt <= time) continue
      const record = users.randomEvent(member, time, Math.min(api.auditDelay(), now - time))
      if (record !== null) writers['audit-events'].add(record)
    }
  }
  const hasKeys = sumOf(keyWeights) > 0
  for (let index = 0; hasKeys && index < (budget.usage[hour] ?? 0); index++) {
    const key = org.integrations[random.weightedIndex(keyWeights)]
    if (key !== undefined)
      writers['audit-events'].add(capRecording(api.generation(key, timeIn()), now))
  }
  for (let index = 0; index < (budget.requests[hour] ?? 0); index++) {
    const key =
      !hasKeys || random.chance(0.012)
        ? null
        : (org.integrations[random.weightedIndex(keyWeights)] ?? null)
    writers['request-logs'].add(capRecording(api.request(key, timeIn()), now))
  }
}

/** Keeps a generated record from being recorded after the end of the history. */
function capRecording(record: Pending, now: number): Pending {
  if (record.recordedAt <= now) return record
  record.recordedAt = now
  ;(record.body as { recorded_at?: string }).recorded_at = iso(now) // every record body has it
  return record
}

function allocateBudget(
  options: GenerateOptions,
  org: Organization,
  plan: IncidentPlan,
  start: number,
  requestWeights: Float64Array,
  noise: Random,
): HourBudget {
  const hours = options.days * 24
  const background = Math.max(0, options.auditEvents - plan.auditCount)
  const userTotal = Math.round(background * 0.62)
  const userWeights = hourlyWeights(
    hours,
    (hourStart) => sumOf(org.members.map((member) => memberWeight(member, hourStart))),
    start,
    noise,
  )
  const usageWeights = hourlyWeights(
    hours,
    (hourStart) => sumOf(org.integrations.map((key) => integrationWeight(key, hourStart))),
    start,
    noise,
  )
  const noisyRequests = requestWeights.map((weight) => weight * (0.75 + 0.5 * noise.next()))
  return {
    user: allocate(userWeights, userTotal),
    usage: allocate(usageWeights, background - userTotal),
    requests: allocate(noisyRequests, Math.max(0, options.requestLogs - plan.requestCount)),
  }
}

function hourlyWeights(
  hours: number,
  weightAt: (hourStart: number) => number,
  start: number,
  noise?: Random,
): Float64Array {
  const weights = new Float64Array(hours)
  for (let hour = 0; hour < hours; hour++) {
    weights[hour] =
      weightAt(start + hour * hourMs) * (noise === undefined ? 1 : 0.75 + 0.5 * noise.next())
  }
  return weights
}

/** Splits `total` over hours in proportion to `weights`, exactly (cumulative rounding). */
function allocate(weights: Float64Array, total: number): Int32Array {
  const counts = new Int32Array(weights.length)
  const sum = sumOf(Array.from(weights))
  if (sum === 0) return counts
  let cumulative = 0
  let assigned = 0
  weights.forEach((weight, hour) => {
    cumulative += weight
    const target = Math.round((cumulative / sum) * total)
    counts[hour] = target - assigned
    assigned = target
  })
  return counts
}

function sumOf(values: readonly number[]): number {
  let total = 0
  for (const value of values) total += value
  return total
}
