// Builders for the two kinds of records. Every object is built with its keys already in RFC 8785
// (JCS) order, so `JSON.stringify` of it is its canonical JSON: the stored text can be served and
// hashed for digests as is (a test checks this against the canonicalize package).
import type { Integration, Member, Role } from './organization'
import { iso } from './time'

/** A record waiting for its `seq`: the canonical-order body with `seq` still 0. */
export type Pending = { id: string; occurredAt: number; recordedAt: number; body: { seq: number } }

/** The actor of an audit event. */
export type Actor =
  | { email: string; id: string; name: string | null; type: 'user' }
  | { id: string; last4: string; name: string | null; type: 'api_key' }
  | { id: 'system'; name: string | null; type: 'system' }

/** The resource of an audit event. */
export type Resource = { id: string; name: string | null; type: string } | null

/** What varies between audit events. */
export type AuditFields = {
  action: string
  actor: Actor
  resource: Resource
  ipAddress: string | null
  userAgent: string | null
  failureReason?: string | null
  metadata?: Record<string, unknown>
}

const categories: Readonly<Record<string, string>> = {
  'user.signed_in': 'authentication',
  'user.signed_out': 'authentication',
  'organization.created': 'organization',
  'organization.updated': 'organization',
  'member.invited': 'organization',
  'member.removed': 'organization',
  'project.created': 'projects',
  'project.updated': 'projects',
  'project.deleted': 'projects',
  'template.created': 'templates',
  'template.updated': 'templates',
  'template.deleted': 'templates',
  'template.duplicated': 'templates',
  'api_key.created': 'api_keys',
  'api_key.deleted': 'api_keys',
  'generation.requested': 'api_usage',
  'member.role_changed': 'settings',
  'billing.updated': 'settings',
}

/** Every action of the contract, with its category. */
export const actionCategories = categories

/** An audit event with the given id and times; `metadata` keys must already be sorted. */
export function auditEvent(
  id: string,
  occurredAt: number,
  recordedAt: number,
  fields: AuditFields,
): Pending {
  const failureReason = fields.failureReason ?? null
  const body = {
    action: fields.action,
    actor: fields.actor,
    category: categories[fields.action] ?? 'other',
    failure_reason: failureReason,
    id,
    ip_address: fields.ipAddress,
    metadata: fields.metadata ?? {},
    occurred_at: iso(occurredAt),
    recorded_at: iso(recordedAt),
    resource: fields.resource,
    seq: 0,
    status: failureReason === null ? 'success' : 'failure',
    user_agent: fields.userAgent,
  }
  return { id, occurredAt, recordedAt, body }
}

/** What varies between request log entries. */
export type RequestFields = {
  method: string
  endpoint: string
  statusCode: number
  durationMs: number
  integration: Integration | null
  ipAddress: string | null
  userAgent: string | null
  errorCode: string | null
}

/** A request log entry with the given id and times. */
export function requestLog(
  id: string,
  occurredAt: number,
  recordedAt: number,
  fields: RequestFields,
): Pending {
  const key = fields.integration
  const body = {
    api_key: key === null ? null : { id: key.id, last4: key.last4, name: key.name },
    duration_ms: fields.durationMs,
    endpoint: fields.endpoint,
    error_code: fields.errorCode,
    id,
    ip_address: fields.ipAddress,
    method: fields.method,
    occurred_at: iso(occurredAt),
    recorded_at: iso(recordedAt),
    seq: 0,
    status_code: fields.statusCode,
    user_agent: fields.userAgent,
  }
  return { id, occurredAt, recordedAt, body }
}

/** The actor object of a member. */
export function userActor(member: Member): Actor {
  return { email: member.email, id: member.id, name: member.name, type: 'user' }
}

/** The actor object of an integration's key. */
export function keyActor(integration: Integration): Actor {
  return { id: integration.id, last4: integration.last4, name: integration.name, type: 'api_key' }
}

/** The system actor. */
export const systemActor: Actor = { id: 'system', name: null, type: 'system' }

/** `member.role_changed` metadata (keys in canonical order). */
export function roleChange(from: Role, to: Role): Record<string, unknown> {
  return { from_role: from, to_role: to }
}
