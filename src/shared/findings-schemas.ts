// Schemas of the detections and their findings (issue 6): the rules' thresholds (bounds and
// defaults, so the core and the Settings form agree), a finding as the Monitoring view shows it,
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

/** One configurable threshold of a rule: its name, how people read it, its bounds and default. */
export type ThresholdField = {
  name: string
  label: string
  unit: string
  min: number
  max: number
  default: number
  isWhole: boolean
}

const field = (
  name: string,
  label: string,
  unit: string,
  [min, max, fallback]: [number, number, number],
  isWhole = true,
): ThresholdField => ({ name, label, unit, min, max, default: fallback, isWhole })

const spikeFields = (unit: string): ThresholdField[] => [
  field('windowMinutes', 'Window', 'minutes', [5, 1440, 60]),
  field('baselineDays', 'Baseline', 'days before the window', [1, 90, 14]),
  field('multiplier', 'Multiplier of the baseline median', '×', [1, 100, 5], false),
  field('minimum', 'Minimum', unit, [2, 100_000, 10]),
]

/** Every rule's thresholds with their bounds and defaults. */
export const thresholdFields: Readonly<Record<DetectionRuleId, readonly ThresholdField[]>> = {
  'failed-login-spike-user': spikeFields('failed sign-ins'),
  'failed-login-spike-ip': spikeFields('failed sign-ins'),
  'password-spraying': [
    field('windowMinutes', 'Window', 'minutes', [5, 1440, 60]),
    field('minimumAccounts', 'Accounts failing from one address', 'accounts', [3, 100_000, 10]),
  ],
  'new-country-sign-in': [
    field('baselineDays', 'Baseline', 'days', [1, 365, 30]),
    field('minimumBaselineSignIns', 'Sign-ins needed in the baseline', 'sign-ins', [1, 10_000, 5]),
    field('followUpHours', 'Evidence after the sign-in', 'hours', [1, 168, 24]),
  ],
  'impossible-travel': [
    field('maxSpeedKmh', 'Fastest plausible travel', 'km/h', [100, 5000, 900]),
    field('minimumDistanceKm', 'Shortest distance between country centres', 'km', [0, 20_000, 500]),
  ],
  'unexpected-api-key-creation': [
    field('learningDays', 'History an actor needs first', 'days', [1, 365, 14]),
    field('baselineDays', 'Usual-hours baseline', 'days', [7, 365, 30]),
    field(
      'unusualHourPercent',
      'Unusual hour: share of the actor’s events',
      '%',
      [0, 50, 1],
      false,
    ),
    field('minimumBaselineEvents', 'Events needed for usual hours', 'events', [1, 100_000, 50]),
    field('newLocationHours', 'After a sign-in from a new country', 'hours', [1, 168, 24]),
  ],
  'privilege-escalation': [
    field('followUpMinutes', 'Watch the promoted member for', 'minutes', [1, 1440, 60]),
    field(
      'minimumFollowUpActions',
      'Privileged actions that make it unusual',
      'or more',
      [1, 1000, 1],
    ),
  ],
  'bulk-template-deletion': [
    field('minimumDeletions', 'Deletions', 'templates', [2, 100_000, 20]),
    field('windowMinutes', 'Within', 'minutes', [1, 1440, 10]),
  ],
  'api-usage-spike': [
    field('baselineDays', 'Baseline: same hour of day over', 'days', [1, 90, 14]),
    field('multiplier', 'Multiplier of the baseline median', '×', [1, 100, 5], false),
    field('minimum', 'Minimum', 'requests per hour', [1, 10_000_000, 50]),
    field('learningDays', 'History a key needs first', 'days', [1, 90, 7]),
  ],
  'api-key-new-ip': [field('learningDays', 'History a key needs first', 'days', [1, 90, 7])],
}

/** A rule's threshold values by name. */
export type Thresholds = Record<string, number>

/** The default thresholds of a rule. */
export const defaultThresholds = (rule: DetectionRuleId): Thresholds =>
  Object.fromEntries(thresholdFields[rule].map((each) => [each.name, each.default]))

/** Why `value` is not acceptable for `each`, or undefined when it is. */
export function thresholdProblem(each: ThresholdField, value: number): string | undefined {
  const range = `${String(each.min)} to ${String(each.max)} ${each.unit}`
  if (!Number.isFinite(value) || value < each.min || value > each.max)
    return `${each.label}: enter ${each.isWhole ? 'a whole number' : 'a number'} from ${range}`
  if (each.isWhole && !Number.isInteger(value)) return `${each.label}: enter a whole number`
  return undefined
}

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
