// Schemas of the detections and their findings (issue 6): a finding as the Monitoring view shows it,
// the review of findings (status with who and when, "new since last review"), the country
// database setting, and the methods and event over them, spread into contract.ts.
import { z } from 'zod'

const connectionId = z.string().min(1).max(64)
const epochMs = z.number().int()
const count = z.number().int().nonnegative()

/** A finding's id: `fnd_` and 24 hex digits, derived from its rule, version, key and window. */
export const findingIdSchema = z
  .string()
  .regex(/^fnd_[0-9a-f]{24}$/, 'must be a finding id such as fnd_0123456789abcdef01234567')

/** The detection rules, in the order the Monitoring view lists them. */
export const detectionRuleIds = [
  'failed-login-spike-user',
  'failed-login-spike-ip',
  'password-spraying',
  'new-country-sign-in',
  'impossible-travel',
  'unexpected-api-key-creation',
  'privilege-escalation',
  'bulk-template-deletion',
  'api-usage-spike',
  'api-key-new-ip',
] as const

/** A detection rule's id. */
export const detectionRuleIdSchema = z.enum(detectionRuleIds)

/** A detection rule's id. */
export type DetectionRuleId = z.infer<typeof detectionRuleIdSchema>

/** How much a finding matters. */
export const findingSeveritySchema = z.enum(['low', 'medium', 'high'])

/** A finding's severity. */
export type FindingSeverity = z.infer<typeof findingSeveritySchema>

/** Where a reviewer stands on a finding. */
export const findingStatusSchema = z.enum(['open', 'acknowledged', 'false_positive'])

/** A finding's review status. */
export type FindingStatus = z.infer<typeof findingStatusSchema>

const subject = z.object({ id: z.string(), label: z.string().nullable() })

const finding = z.object({
  id: findingIdSchema,
  connectionId,
  ruleId: detectionRuleIdSchema,
  ruleVersion: z.number().int().min(1),
  ruleTitle: z.string(),
  severity: findingSeveritySchema,
  /** The time the finding covers (epoch ms, both included): its evidence lies within. */
  windowStart: epochMs,
  windowEnd: epochMs,
  actors: z.array(subject),
  ipAddresses: z.array(z.string()),
  apiKeys: z.array(subject),
  /** Plain language, with the numbers that triggered it. */
  explanation: z.string(),
  /** The figures the explanation quotes, by name. */
  measurements: z.record(z.string(), z.union([z.number(), z.string()])),
  /** The thresholds the rule applied. */
  thresholds: z.record(z.string(), z.number()),
  /** How many evidence events the cache lists for it (`finding:<id>` shows them). */
  evidence: z.object({ auditEvents: count, requestLogs: count, isTruncated: z.boolean() }),
  /** When this cache first found it, and when a run last changed it. */
  detectedAt: epochMs,
  updatedAt: epochMs,
  /** Found after the connection was last marked reviewed (or never reviewed). */
  isNew: z.boolean(),
  status: findingStatusSchema,
  statusNote: z.string().nullable(),
  statusBy: z.string().nullable(),
  statusAt: epochMs.nullable(),
})

/** A finding as the Monitoring view lists it. */
export type Finding = z.infer<typeof finding>

/** A reviewer's note on a status: 1..2000 characters, no control characters but line breaks. */
export const statusNoteSchema = z
  .string()
  .trim()
  .min(1, 'The note needs a visible character')
  .max(2000)
  .regex(/^(?:[^\p{Cc}]|[\n\t])*$/u, 'must not contain control characters other than line breaks')

const ruleSettings = z.object({
  id: detectionRuleIdSchema,
  version: z.number().int().min(1),
  title: z.string(),
  summary: z.string(),
  isEnabled: z.boolean(),
  thresholds: z.record(z.string(), z.number()),
  fields: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      unit: z.string(),
      min: z.number(),
      max: z.number(),
      default: z.number(),
      isWhole: z.boolean(),
    }),
  ),
  updatedBy: z.string().nullable(),
  updatedAt: epochMs.nullable(),
})

/** A rule as Settings and the findings list show it: what it looks for and its thresholds. */
export type RuleSettings = z.infer<typeof ruleSettings>

const countryDatabase = z.object({
  /** The packaged database, or a file chosen by the user. */
  source: z.enum(['packaged', 'file']),
  /** The chosen file (null for the packaged one). */
  file: z.string().nullable(),
  /** What the database calls itself (MMDB metadata), and when it was built. */
  databaseType: z.string().nullable(),
  builtAt: epochMs.nullable(),
  /** A chosen file that can no longer be read: the packaged one is used meanwhile. */
  problem: z.string().nullable(),
  /** Distinct addresses placed, and how many of them got a country. */
  addresses: count,
  placed: count,
  /** This host can show a file picker (the desktop app); else use `serve --country-db FILE`. */
  canChoose: z.boolean(),
})

/** The country database in use, as Settings shows it. */
export type CountryDatabaseInfo = z.infer<typeof countryDatabase>

const runSummary = z.object({
  /** Findings the connection has after the run, and those this run added. */
  findings: count,
  added: count,
  /** True when every event was examined again (first run, changed thresholds or countries). */
  isFull: z.boolean(),
  durationMs: count,
})

/** What one run of the detections did. */
export type DetectionRunSummary = z.infer<typeof runSummary>

/** The methods of detections and findings, for the method map in contract.ts. */
export const findingsMethods = {
  'findings.list': {
    input: z
      .object({
        connectionId,
        ruleIds: z.array(detectionRuleIdSchema).min(1).max(detectionRuleIds.length).optional(),
        severities: z.array(findingSeveritySchema).min(1).max(3).optional(),
        statuses: z.array(findingStatusSchema).min(1).max(3).optional(),
        /** Findings whose window ends at or after `from` and starts before `to`. */
        from: epochMs.optional(),
        to: epochMs.optional(),
        isNewOnly: z.boolean().optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    output: z.object({
      findings: z.array(finding),
      /** Findings matching the filter (more than listed when over the limit). */
      total: count,
      /**
       * Of the findings in this page, those left out because this build does not know their rule
       * (a newer build stored them; `total` counts them); absent when none.
       */
      unknownRuleCount: count.optional(),
      /** Of the connection's findings, those new since the last review. */
      newCount: count,
      reviewedAt: epochMs.nullable(),
      reviewedBy: z.string().nullable(),
      lastRunAt: epochMs.nullable(),
    }),
  },
  'findings.setStatus': {
    input: z
      .object({
        connectionId,
        findingId: findingIdSchema,
        status: findingStatusSchema,
        note: statusNoteSchema.optional(),
      })
      .strict()
      .refine((value) => value.status !== 'false_positive' || value.note !== undefined, {
        error: 'A false positive needs a note saying why',
        path: ['note'],
      }),
    output: z.object({ finding }),
  },
  'findings.markReviewed': {
    input: z.object({ connectionId }).strict(),
    output: z.object({ reviewedAt: epochMs, reviewedBy: z.string() }),
  },
  'detections.run': {
    input: z.object({ connectionId }).strict(),
    output: runSummary,
  },
  'detections.getSettings': {
    input: z.object({}).strict(),
    output: z.object({ rules: z.array(ruleSettings) }),
  },
  'detections.setSettings': {
    input: z
      .object({
        ruleId: detectionRuleIdSchema,
        isEnabled: z.boolean().optional(),
        /** Some or all of the rule's thresholds; each is checked against its bounds. */
        thresholds: z.record(z.string().max(64), z.number()).optional(),
        /** Back to the defaults (then `thresholds` must be absent). */
        isReset: z.boolean().optional(),
      })
      .strict()
      .refine((value) => !(value.isReset === true && value.thresholds !== undefined), {
        error: 'Reset the thresholds or set them, not both',
      }),
    output: z.object({ rules: z.array(ruleSettings) }),
  },
  'countryDatabase.get': {
    input: z.object({}).strict(),
    output: countryDatabase,
  },
  'countryDatabase.choose': {
    input: z.object({}).strict(),
    /** `isCancelled`: the picker was closed without a file (nothing changed). */
    output: countryDatabase.extend({ isCancelled: z.boolean() }),
  },
  'countryDatabase.useDefault': {
    input: z.object({}).strict(),
    output: countryDatabase,
  },
} as const

/** Sent after a run added findings or changed some, so an open list refreshes. */
export const findingsChangedSchema = z.object({
  connectionId: z.string(),
  findings: count,
  added: count,
})
