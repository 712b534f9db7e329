// Strict parsing of the contract's event shapes (../shared/org-api.md). Unknown extra fields are
// allowed (servers may add fields; the raw JSON keeps them), contract fields must have their
// contract types. Ids stay strings; times must be RFC 3339 with an offset.
import { z } from 'zod'
import { parseRfc3339 } from '../../shared/rfc3339'

const identifier = z.string().min(1).max(64)
const nullableText = (max: number) => z.string().max(max).nullable()

const timestamp = z.string().transform((text, context) => {
  const parsed = parseRfc3339(text)
  if (parsed === undefined) {
    context.addIssue({
      code: 'custom',
      message: `"${text.slice(0, 40)}" is not an RFC 3339 date-time with offset`,
    })
    return z.NEVER
  }
  return parsed
})

const sequence = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)

const actor = z.object({
  type: z.string().min(1).max(32),
  id: identifier,
  email: nullableText(320).optional(),
  name: nullableText(1024).optional(),
  last4: nullableText(16).optional(),
})

const resource = z
  .object({ type: z.string().min(1).max(64), id: identifier, name: nullableText(1024).optional() })
  .nullable()

/** An audit event as the contract defines it, times as epoch ms. */
export const auditEventSchema = z.object({
  id: identifier,
  seq: sequence,
  occurred_at: timestamp,
  recorded_at: timestamp,
  action: z.string().min(1).max(128),
  category: z.string().min(1).max(64),
  actor,
  resource: resource.optional().transform((value) => value ?? null),
  ip_address: nullableText(64).optional(),
  user_agent: nullableText(4096).optional(),
  status: z.enum(['success', 'failure']),
  failure_reason: nullableText(256).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
})

/** A parsed audit event. */
export type AuditEvent = z.output<typeof auditEventSchema>

/** A request log entry as the contract defines it, times as epoch ms. */
export const requestLogSchema = z.object({
  id: identifier,
  seq: sequence,
  occurred_at: timestamp,
  recorded_at: timestamp,
  method: z.string().min(1).max(16),
  endpoint: z.string().min(1).max(2048),
  status_code: z.number().int().min(100).max(599),
  duration_ms: z.number().min(0).max(86_400_000),
  api_key: z
    .object({ id: identifier, last4: z.string().max(16), name: nullableText(1024).optional() })
    .nullable()
    .optional()
    .transform((value) => value ?? null),
  ip_address: nullableText(64).optional(),
  user_agent: nullableText(4096).optional(),
  error_code: nullableText(256).optional(),
})

/** A parsed request log entry. */
export type RequestLogEntry = z.output<typeof requestLogSchema>

/** The page envelope both streams share. `data` items are parsed one by one afterwards. */
export const pageEnvelopeSchema = z.object({
  data: z.array(z.unknown()),
  next_cursor: z.string().min(1).max(512),
  has_more: z.boolean(),
  oldest_available_at: timestamp,
})

/** Short text for a zod failure: the first issue's path and message. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (issue === undefined) return 'invalid'
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : ''
  return `${where}${issue.message}`
}
