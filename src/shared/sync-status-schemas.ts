// Schemas of the sync-status and Settings methods (coverage calendar, verification, repair,
// follow mode, settings, retention preview). contract.ts lists the methods; these are their
// shapes, kept apart so the contract file stays a readable index.
import { z } from 'zod'
import { annotationMethods } from './annotation-contract'
import { streamSchema } from './filter'

const connectionId = z.string().min(1).max(64)
const epochMs = z.number().int()
const count = z.number().int().nonnegative()

/** A UTC calendar date, `YYYY-MM-DD` (the core refuses impossible dates such as 2026-02-30). */
export const dayTextSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD date')

/** How one day of a stream stands (see src/core/coverage/coverage-days.ts for the rule). */
export const coverageStatusSchema = z.enum(['verified', 'mismatched', 'unverified', 'gap'])

const coverageDay = z.object({
  date: dayTextSchema,
  events: count,
  status: coverageStatusSchema,
  /** When the day was last verified, whatever the outcome (null: never). */
  checkedAt: epochMs.nullable(),
  /** The server's count at that verification (null: unknown). */
  serverCount: count.nullable(),
})

/** One day of the coverage calendar. */
export type CoverageDay = z.infer<typeof coverageDay>

/** Following a connection: syncing it again an interval after each sync ends. */
export const followStateSchema = z
  .object({ intervalSeconds: z.number().int().positive(), nextSyncAt: epochMs.nullable() })
  .nullable()

const verifyError = z.object({ code: z.string(), message: z.string() })

const streamVerification = z.discriminatedUnion('ok', [
  z.object({
    stream: streamSchema,
    ok: z.literal(true),
    from: dayTextSchema.nullable(),
    to: dayTextSchema.nullable(),
    isSigned: z.boolean(),
    verified: count,
    mismatched: count,
    unverified: count,
  }),
  z.object({ stream: streamSchema, ok: z.literal(false), error: verifyError }),
])

const dayRepair = z.object({
  date: z.string(),
  /** The day's status after the repair, or why it was not repaired. */
  outcome: z.enum(['verified', 'mismatched', 'unverified', 'refused', 'failed']),
  /** Events the repair added (missing from the cache). */
  added: count,
  /** Events whose cached copy differed from the server's: the server's copy is now stored and
   * the cached one kept in the conflicts table. */
  conflicts: count,
  message: z.string().nullable(),
})

/** The longest local retention accepted (a century). */
export const maxRetentionDays = 36_500

const retentionDays = z.number().int().min(1).max(maxRetentionDays)

const retentionPreview = z.object({
  /** Events that occurred before this instant would be removed. */
  cutoff: epochMs,
  auditEvents: count,
  requestLogs: count,
  /** Events older than the cutoff that held periods keep. */
  heldEvents: count,
})

/**
 * The audit period under review (SOC 2 type II and the like): whole UTC days, both included.
 * The log views offer it as a quick range.
 */
export const auditPeriodSchema = z
  .object({ from: dayTextSchema, to: dayTextSchema })
  .strict()
  .refine((period) => period.from <= period.to, {
    error: 'The audit period must end on or after the day it starts.',
  })

/** An audit period: its first and last UTC day (YYYY-MM-DD). */
export type AuditPeriod = z.infer<typeof auditPeriodSchema>

const retentionSettings = z.object({
  /** Keep events this many days (null: keep everything, the default). */
  days: z.number().int().positive().nullable(),
  holds: z.array(z.object({ from: epochMs, to: epochMs, reason: z.string() })),
  /** What the saved setting removes after the next sync (null: keeping everything). */
  preview: retentionPreview.nullable(),
})

const storage = z.object({
  dataDirectory: z.string(),
  /** Bytes of every file under the data directory (the cache, its WAL, the demo's files). */
  bytes: count,
  /** True when the directory held too many files to count them all. */
  isPartial: z.boolean(),
})

// The reviewer-name setting's methods (annotation-contract.ts) extended with local retention and
// storage. The core always answers both; they are optional only so that the reviewer-name part
// of the handler type-checks on its own.
const reviewerSettings = annotationMethods['settings.get'].output
const settings = reviewerSettings.extend({
  retention: retentionSettings.optional(),
  storage: storage.optional(),
  /** The audit period under review, or null when none is set. */
  auditPeriod: auditPeriodSchema.nullable().optional(),
})

/** The settings as `settings.get` returns them. */
export type Settings = z.infer<typeof settings>

/** The sync-status and Settings methods' schemas, listed by contract.ts after the annotation
 * methods (whose settings.get and settings.set these extend). */
export const syncStatusMethods = {
  'coverage.days': {
    input: z.object({ connectionId, stream: streamSchema }).strict(),
    output: z.object({
      connectionId,
      stream: streamSchema,
      days: z.array(coverageDay),
      summary: z.record(coverageStatusSchema, count),
    }),
  },
  'coverage.verify': {
    input: z
      .object({ connectionId, streams: z.array(streamSchema).min(1).max(2).optional() })
      .strict(),
    output: z.object({ streams: z.array(streamVerification) }),
  },
  'coverage.repair': {
    input: z
      .object({ connectionId, stream: streamSchema, days: z.array(dayTextSchema).min(1).max(31) })
      .strict(),
    output: z.object({ days: z.array(dayRepair) }),
  },
  'sync.follow': {
    input: z
      .object({
        connectionId,
        isOn: z.boolean(),
        intervalSeconds: z.number().int().min(30).max(3600).default(60),
      })
      .strict(),
    output: z.object({ follow: followStateSchema }),
  },
  'settings.get': {
    input: z.object({}).strict(),
    output: settings,
  },
  'settings.set': {
    input: z
      .object({
        /** A name to stamp annotations with, null for the host's again; absent: unchanged. */
        reviewerName: annotationMethods['settings.set'].input.shape.reviewerName.optional(),
        /** Days of events to keep, null to keep everything; absent: unchanged. */
        retentionDays: retentionDays.nullable().optional(),
        /** The audit period under review, null to clear it; absent: unchanged. */
        auditPeriod: auditPeriodSchema.nullable().optional(),
      })
      .strict(),
    output: settings,
  },
  'retention.preview': {
    input: z.object({ days: retentionDays }).strict(),
    output: retentionPreview,
  },
} as const
