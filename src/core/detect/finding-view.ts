// A stored finding as the contract and the CLI show it: JSON columns parsed (defensively: a
// value that does not parse shows as empty rather than failing the list), the rule's title, and
// whether it is new since the connection was last marked reviewed. A finding of a rule this build
// does not know (a newer build stored it; reviewed findings are kept) is left out, not shown wrong.
import { z } from 'zod'
import { detectionRuleIdSchema, type Finding } from '../../shared/findings-schemas'
import type { FindingRow } from './finding-store'
import { ruleById } from './rules'

const subject = z.object({ id: z.string(), label: z.string().nullable() })
const subjects = z.object({
  actors: z.array(subject),
  ipAddresses: z.array(z.string()),
  apiKeys: z.array(subject),
})
const measurements = z.record(z.string(), z.union([z.number(), z.string()]))
const thresholds = z.record(z.string(), z.number())

function parsed<T>(schema: z.ZodType<T>, text: string, fallback: T): T {
  try {
    const result = schema.safeParse(JSON.parse(text))
    return result.success ? result.data : fallback
  } catch {
    return fallback
  }
}

/**
 * A row as a Finding; `reviewedAt` decides `isNew` (null: never reviewed, so every one is new).
 * Null when the row's rule is not one this build knows.
 */
export function toFinding(row: FindingRow, reviewedAt: number | null): Finding | null {
  const rule = detectionRuleIdSchema.safeParse(row.rule_id)
  if (!rule.success) return null
  const involved = parsed(subjects, row.subjects, { actors: [], ipAddresses: [], apiKeys: [] })
  return {
    id: row.id,
    connectionId: row.connection_id,
    ruleId: rule.data,
    ruleVersion: row.rule_version,
    ruleTitle: ruleById(rule.data).title,
    severity: row.severity,
    windowStart: row.window_start,
    windowEnd: row.window_end,
    ...involved,
    explanation: row.explanation,
    measurements: parsed(measurements, row.measurements, {}),
    thresholds: parsed(thresholds, row.thresholds, {}),
    evidence: {
      auditEvents: row.audit_evidence,
      requestLogs: row.request_evidence,
      isTruncated: row.is_truncated === 1,
    },
    detectedAt: row.detected_at,
    updatedAt: row.updated_at,
    isNew: reviewedAt === null || row.detected_at > reviewedAt,
    status: row.status,
    statusNote: row.status_note,
    statusBy: row.status_by,
    statusAt: row.status_at,
  }
}
