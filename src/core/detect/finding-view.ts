// A stored finding as the contract and the CLI show it: JSON columns parsed (defensively: a
// value that does not parse shows as empty rather than failing the list), the rule's title, and
// whether it is new since the connection was last marked reviewed.
import { z } from 'zod'
import {
  detectionRuleIdSchema,
  type DetectionRuleId,
  type Finding,
} from '../../shared/findings-schemas'
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

/** The rule's title, or its id for a rule this build no longer has. */
export function ruleTitle(ruleId: string): string {
  const known = detectionRuleIdSchema.safeParse(ruleId)
  return known.success ? ruleById(known.data).title : ruleId
}

/** A row as a Finding; `reviewedAt` decides `isNew` (null: never reviewed, so every one is new). */
export function toFinding(row: FindingRow, reviewedAt: number | null): Finding {
  const rule = detectionRuleIdSchema.safeParse(row.rule_id)
  const involved = parsed(subjects, row.subjects, { actors: [], ipAddresses: [], apiKeys: [] })
  return {
    id: row.id,
    connectionId: row.connection_id,
    // A rule id this build does not know cannot be stored by it; the schema of the list
    // rejects it, which the dispatcher reports as a bug rather than showing a wrong title.
    ruleId: (rule.success ? rule.data : row.rule_id) as DetectionRuleId,
    ruleVersion: row.rule_version,
    ruleTitle: ruleTitle(row.rule_id),
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
