// Live mode: new activity arriving now, appended with new seqs so incremental sync has something
// to pull. Driven by the injected clock; `append` is deterministic for a given seed and clock.
import { integrationWeight, type ApiActivity } from './api-activity'
import type { Organization } from './organization'
import type { Random } from './random'
import type { Pending } from './records'
import type { DemoDatabase, StreamName } from './store'
import type { StreamWriter } from './stream-writer'
import { iso } from './time'
import { memberWeight, type UserActivity } from './user-activity'

/** Appends fresh activity to both streams at the injected clock's "now". */
export class LiveActivity {
  /** Continues the generated organization's activity. */
  constructor(
    private readonly parts: {
      org: Organization
      users: UserActivity
      api: ApiActivity
      random: Random
      writers: Record<StreamName, StreamWriter>
      database: DemoDatabase
      now: () => number
    },
  ) {}

  /** Appends `auditCount` audit events and `requestCount` request log entries, recorded now. */
  append(auditCount: number, requestCount: number): void {
    const { org, users, api, random, writers } = this.parts
    const now = this.parts.now()
    const members = org.members.filter((member) => member.removedAt > now)
    const memberWeights = members.map((member) => memberWeight(member, now) || 0.01)
    const keyWeights = org.integrations.map((key) => integrationWeight(key, now) || 0.01)
    for (let index = 0; index < auditCount; index++) {
      const occurredAt = now - random.int(0, 2_000)
      const member = members[random.weightedIndex(memberWeights)]
      const key = org.integrations[random.weightedIndex(keyWeights)]
      const record =
        member !== undefined && random.chance(0.6)
          ? users.randomEvent(member, occurredAt, 0)
          : key === undefined
            ? null
            : api.generation(key, occurredAt)
      if (record !== null) writers['audit-events'].add(this.recordNow(record, 'audit-events', now))
    }
    for (let index = 0; index < requestCount; index++) {
      const key = random.chance(0.012)
        ? null
        : (org.integrations[random.weightedIndex(keyWeights)] ?? null)
      writers['request-logs'].add(
        this.recordNow(api.request(key, now - random.int(0, 2_000)), 'request-logs', now),
      )
    }
    writers['audit-events'].flushAll()
    writers['request-logs'].flushAll()
  }

  /**
   * Appends one audit event of `action` by a current member who manages API keys (else the first
   * current member), recorded now, from `ipAddress` when given. For tests that need an event a
   * rule matches at a moment they choose; the generated activity never calls it. Returns the
   * event's id and action (another action when `action` cannot apply, as the generator does).
   */
  appendAuditEvent(
    action: string,
    options: { ipAddress?: string } = {},
  ): { id: string; action: string } | undefined {
    const now = this.parts.now()
    const members = this.parts.org.members.filter((member) => member.removedAt > now)
    const member = members.find((candidate) => candidate.managesKeys) ?? members[0]
    const record = member === undefined ? null : this.parts.users.event(action, member, now, 0)
    if (record === null) return undefined
    // The body's keys are already in canonical order; replacing a value keeps it.
    // An audit event's body, built by auditEvent (records.ts), holds both fields.
    const body = record.body as unknown as { action: string; ip_address: string | null }
    if (options.ipAddress !== undefined) body.ip_address = options.ipAddress
    const writer = this.parts.writers['audit-events']
    writer.add(this.recordNow(record, 'audit-events', now))
    writer.flushAll()
    return { id: record.id, action: body.action }
  }

  /** Records arrive now: never before the stream's newest record, never before they occurred. */
  private recordNow(record: Pending, stream: StreamName, now: number): Pending {
    const recordedAt = Math.max(
      now,
      record.occurredAt,
      this.parts.database.streams[stream].lastRecordedAt,
    )
    record.recordedAt = recordedAt
    ;(record.body as { recorded_at?: string }).recorded_at = iso(recordedAt) // every record body has it
    return record
  }
}
