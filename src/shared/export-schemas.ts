// Schemas of exports and audit packs (issue 7): the export of a filtered view (CSV, XLSX, JSON
// Lines), the audit pack of a period, their progress and outcome events, the reviewer activity
// log every export is recorded in, and the installation's signing key. Spread into contract.ts.
import { z } from 'zod'
import { eventFilterSchema, streamSchema } from './filter'

const count = z.number().int().nonnegative()
const epochMs = z.number().int()
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/)

/** The file formats of an export. */
export const exportFormatSchema = z.enum(['csv', 'xlsx', 'jsonl'])

/** A file format of an export. */
export type ExportFormat = z.infer<typeof exportFormatSchema>

/** The columns an audit-event export can hold, in their default order. */
export const auditExportColumns = [
  'occurred_at',
  'id',
  'seq',
  'recorded_at',
  'category',
  'action',
  'status',
  'failure_reason',
  'actor_type',
  'actor_id',
  'actor_email',
  'actor_name',
  'actor_last4',
  'resource_type',
  'resource_id',
  'resource_name',
  'ip_address',
  'user_agent',
  'metadata',
] as const

/** The columns a request-log export can hold, in their default order. */
export const requestExportColumns = [
  'occurred_at',
  'id',
  'seq',
  'recorded_at',
  'method',
  'endpoint',
  'status_code',
  'duration_ms',
  'api_key_id',
  'api_key_last4',
  'api_key_name',
  'ip_address',
  'user_agent',
  'error_code',
] as const

/** Any export column name (which stream allows which is checked by the core). */
export const exportColumnSchema = z.enum([
  ...new Set<string>([...auditExportColumns, ...requestExportColumns]),
] as [string, ...string[]])

/** An IANA time zone name (`Europe/Berlin`), checked by the core against the runtime's zones. */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_+\-/]+$/, 'must be an IANA time zone name such as Europe/Berlin')

/** How one export is written (beyond its format). */
export const exportOptionsSchema = z
  .object({
    /** Columns in order; absent: every column of the stream, in the default order. */
    columns: z.array(exportColumnSchema).min(1).max(40).optional(),
    /** CSV only: start with a UTF-8 byte order mark (Excel on Windows needs it for UTF-8). */
    bom: z.boolean().default(false),
    /** Adds `occurred_at_local` in this zone (named in its header) after `occurred_at`. */
    localTimeZone: timeZoneSchema.optional(),
    /** Adds the reviewers' tags, star and latest comment of each event (CSV, XLSX). */
    includeAnnotations: z.boolean().default(false),
    /** Adds the ids and titles of the findings each event is evidence for (CSV, XLSX). */
    includeFindings: z.boolean().default(false),
  })
  .strict()

/** Export options as the core receives them (defaults applied). */
export type ExportOptions = z.output<typeof exportOptionsSchema>

/** The redaction profiles of an audit pack. */
export const redactionProfileSchema = z.enum(['none', 'pseudonymised', 'minimal'])

/** A redaction profile. */
export type RedactionProfile = z.infer<typeof redactionProfileSchema>

/** A UTC calendar date, `YYYY-MM-DD`. */
export const utcDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')

/** One file an export or pack wrote, as the activity log and results name it. */
export const writtenFileSchema = z.object({
  name: z.string(),
  rows: count,
  bytes: count,
  sha256: sha256Hex,
})

/** A written file. */
export type WrittenFileSummary = z.infer<typeof writtenFileSchema>

const jobId = z.string().regex(/^job_[0-9a-f]{16}$/)
const jobKind = z.enum(['export', 'pack'])

const jobResult = z.object({
  /** Where the file was saved (a path on this machine). */
  savedTo: z.string(),
  /** Browser mode: the name the download route serves it under; null where the host saved it. */
  downloadName: z.string().nullable(),
  /** The events written (for a pack, over all its streams). */
  rows: count,
  /** The export's or pack's own files (for a pack, the files inside the zip). */
  files: z.array(writtenFileSchema),
  /** Every transformation applied, by name, with how many cells or events it changed. */
  transformations: z.record(z.string(), count),
  /** The reviewer activity entry recording it. */
  activityId: z.number().int(),
  /** Said when the rows written differ from the count the renderer showed (a sync landed). */
  note: z.string().nullable(),
})

/** What a finished export or pack produced. */
export type JobResult = z.infer<typeof jobResult>

const jobError = z.object({ code: z.string(), message: z.string() })

/** An export or pack job as the Exports view lists it. */
export const exportJobSchema = z.object({
  id: jobId,
  kind: jobKind,
  label: z.string(),
  startedAt: epochMs,
  state: z.enum(['running', 'succeeded', 'cancelled', 'failed']),
  rowsWritten: count,
  totalRows: count,
  result: jobResult.nullable(),
  error: jobError.nullable(),
})

/** An export or pack job. */
export type ExportJob = z.infer<typeof exportJobSchema>

/** One entry of the reviewer activity log (hash-chained in the cache). */
export const activityEntrySchema = z.object({
  id: z.number().int(),
  at: epochMs,
  reviewer: z.string(),
  kind: jobKind,
  connectionId: z.string().nullable(),
  description: z.string(),
  /** The filter as JSON text, exactly as the export used it. */
  filter: z.string(),
  files: z.array(writtenFileSchema),
  previousHash: z.string(),
  hash: sha256Hex,
})

/** A reviewer activity entry. */
export type ActivityEntry = z.infer<typeof activityEntrySchema>

const startExport = z
  .object({
    stream: streamSchema,
    filter: eventFilterSchema,
    format: exportFormatSchema,
    options: exportOptionsSchema.default({
      bom: false,
      includeAnnotations: false,
      includeFindings: false,
    }),
    /** The row count the renderer showed; the result says when the export found a different one. */
    shownCount: count.optional(),
  })
  .strict()

const startPack = z
  .object({
    connectionId: z.string().min(1).max(64),
    from: utcDateSchema,
    to: utcDateSchema,
    streams: z.array(streamSchema).min(1).max(2),
    /** Narrows the period's events further (its connection and time bounds come from the pack). */
    filter: eventFilterSchema.default({}),
    redaction: redactionProfileSchema.default('none'),
    /** Names the engagement pseudonyms are stable within (pseudonymised profile). */
    engagement: z.string().trim().min(1).max(100).default('default'),
  })
  .strict()

/** The methods of exports and packs, spread into the contract. */
export const exportMethods = {
  'exports.start': { input: startExport, output: z.object({ job: exportJobSchema }) },
  'packs.start': { input: startPack, output: z.object({ job: exportJobSchema }) },
  'exports.cancel': {
    input: z.object({ id: jobId }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'exports.jobs': {
    input: z.object({}).strict(),
    output: z.object({ jobs: z.array(exportJobSchema) }),
  },
  'exports.activity': {
    input: z.object({ limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    output: z.object({
      entries: z.array(activityEntrySchema),
      /** Whether every entry's hash and link to the previous one checks out. */
      chain: z.object({ isIntact: z.boolean(), brokenAt: z.number().int().nullable() }),
    }),
  },
  'exports.signingKey': {
    input: z.object({}).strict(),
    output: z.object({ publicKeyPem: z.string(), fingerprint: sha256Hex }),
  },
} as const

/** The `exports.progress` event: a running job's rows so far. */
export const exportProgressSchema = z.object({
  id: jobId,
  kind: jobKind,
  phase: z.string(),
  rowsWritten: count,
  totalRows: count,
})

/** The `exports.finished` event: a job's end state (the job as `exports.jobs` lists it). */
export const exportFinishedSchema = exportJobSchema
