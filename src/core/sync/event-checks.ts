// The hot path of event validation: hand-written equivalents of `auditEventSchema` and
// `requestLogSchema` (event-schemas.ts). The zod schemas stay the definition: an event these
// checks refuse is parsed again by zod, which accepts it or names the first problem. These checks
// must therefore never accept what zod refuses and must produce the same value; a property test
// (event-checks.test.ts) holds them to that. They exist because a bulk sync validates millions of
// events, and zod cost about a fifth of its time.
import { parseRfc3339 } from '../../shared/rfc3339'
import type { AuditEvent, RequestLogEntry } from './event-schemas'

type Fields = Record<string, unknown>

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isText = (value: unknown, min: number, max: number): value is string =>
  typeof value === 'string' && value.length >= min && value.length <= max

/** Absent, null, or a string of at most `max` UTF-16 units. */
const isOptionalText = (value: unknown, max: number): value is string | null | undefined =>
  value === undefined || value === null || (typeof value === 'string' && value.length <= max)

const isIdentifier = (value: unknown): value is string => isText(value, 1, 64)

const isSequence = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 1

const time = (value: unknown): number | undefined =>
  typeof value === 'string' ? parseRfc3339(value) : undefined

/** Sets `key` only when the value is present, as zod leaves absent optional keys absent. */
function setOptional<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | undefined,
): void {
  if (value !== undefined) target[key] = value
}

/** The audit event, or undefined when it does not pass (zod then says why). */
export function checkAuditEvent(item: unknown): AuditEvent | undefined {
  if (!isObject(item)) return undefined
  const { id, seq, action, category, actor, resource, status, metadata } = item
  if (!isIdentifier(id) || !isSequence(seq)) return undefined
  const occurredAt = time(item.occurred_at)
  const recordedAt = time(item.recorded_at)
  if (occurredAt === undefined || recordedAt === undefined) return undefined
  if (!isText(action, 1, 128) || !isText(category, 1, 64)) return undefined
  if (status !== 'success' && status !== 'failure') return undefined
  const { ip_address: ip, user_agent: userAgent, failure_reason: failureReason } = item
  if (!isOptionalText(ip, 64) || !isOptionalText(userAgent, 4096)) return undefined
  if (!isOptionalText(failureReason, 256)) return undefined
  if (metadata !== undefined && !isObject(metadata)) return undefined
  const checkedActor = checkActor(actor)
  if (checkedActor === undefined) return undefined
  const checkedResource = checkResource(resource)
  if (checkedResource === false) return undefined
  const event: AuditEvent = {
    id,
    seq,
    occurred_at: occurredAt,
    recorded_at: recordedAt,
    action,
    category,
    actor: checkedActor,
    resource: checkedResource,
    status,
  }
  setOptional(event, 'ip_address', ip)
  setOptional(event, 'user_agent', userAgent)
  setOptional(event, 'failure_reason', failureReason)
  setOptional(event, 'metadata', metadata)
  return event
}

function checkActor(actor: unknown): AuditEvent['actor'] | undefined {
  if (!isObject(actor)) return undefined
  const { type, id, email, name, last4 } = actor
  if (!isText(type, 1, 32) || !isIdentifier(id)) return undefined
  if (!isOptionalText(email, 320) || !isOptionalText(name, 1024) || !isOptionalText(last4, 16))
    return undefined
  const checked: AuditEvent['actor'] = { type, id }
  setOptional(checked, 'email', email)
  setOptional(checked, 'name', name)
  setOptional(checked, 'last4', last4)
  return checked
}

/** The resource, null when absent or null, false when it does not pass. */
function checkResource(resource: unknown): AuditEvent['resource'] | false {
  if (resource === undefined || resource === null) return null
  if (!isObject(resource)) return false
  const { type, id, name } = resource
  if (!isText(type, 1, 64) || !isIdentifier(id) || !isOptionalText(name, 1024)) return false
  const checked: NonNullable<AuditEvent['resource']> = { type, id }
  setOptional(checked, 'name', name)
  return checked
}

/** The request log entry, or undefined when it does not pass (zod then says why). */
export function checkRequestLogEntry(item: unknown): RequestLogEntry | undefined {
  if (!isObject(item)) return undefined
  const { id, seq, method, endpoint, status_code: statusCode, duration_ms: duration } = item
  if (!isIdentifier(id) || !isSequence(seq)) return undefined
  const occurredAt = time(item.occurred_at)
  const recordedAt = time(item.recorded_at)
  if (occurredAt === undefined || recordedAt === undefined) return undefined
  if (!isText(method, 1, 16) || !isText(endpoint, 1, 2048)) return undefined
  if (
    typeof statusCode !== 'number' ||
    !Number.isSafeInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    return undefined
  }
  if (typeof duration !== 'number' || !(duration >= 0 && duration <= 86_400_000)) return undefined
  const { ip_address: ip, user_agent: userAgent, error_code: errorCode } = item
  if (!isOptionalText(ip, 64) || !isOptionalText(userAgent, 4096)) return undefined
  if (!isOptionalText(errorCode, 256)) return undefined
  const apiKey = checkApiKey(item.api_key)
  if (apiKey === false) return undefined
  const entry: RequestLogEntry = {
    id,
    seq,
    occurred_at: occurredAt,
    recorded_at: recordedAt,
    method,
    endpoint,
    status_code: statusCode,
    duration_ms: duration,
    api_key: apiKey,
  }
  setOptional(entry, 'ip_address', ip)
  setOptional(entry, 'user_agent', userAgent)
  setOptional(entry, 'error_code', errorCode)
  return entry
}

function checkApiKey(apiKey: unknown): RequestLogEntry['api_key'] | false {
  if (apiKey === undefined || apiKey === null) return null
  if (!isObject(apiKey)) return false
  const { id, last4, name } = apiKey
  if (!isIdentifier(id) || !isText(last4, 0, 16) || !isOptionalText(name, 1024)) return false
  const checked: NonNullable<RequestLogEntry['api_key']> = { id, last4 }
  setOptional(checked, 'name', name)
  return checked
}
