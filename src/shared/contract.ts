// The one contract between the renderer and the core (CONVENTIONS.md §2): every method with a zod
// schema for its input and output, every event with a schema for its payload. Hosts (Electron
// IPC, browser-mode HTTP, tests) all go through the dispatcher built on this map.
import { z } from 'zod'
import { alertMethods, alertsRaisedSchema } from './alert-schemas'
import { appCommandSchema } from './app-command-schemas'
import { annotationMethods } from './annotation-contract'
import { chartMethods } from './chart-schemas'
import { findingsChangedSchema, findingsMethods } from './findings-schemas'
import { exportFinishedSchema, exportMethods, exportProgressSchema } from './export-schemas'
import { eventFilterSchema, streamSchema } from './filter'
import type { EventName, MethodName } from './method-names'
import { secretMethods, storeKeySchema } from './secret-schemas'
import { followStateSchema, syncStatusMethods } from './sync-status-schemas'

const databaseStatus = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('ready'),
    path: z.string(),
    sizeBytes: z.number().int().nonnegative(),
    schemaVersion: z.number().int().nonnegative(),
    createdAt: z.number().int(),
  }),
  z.object({
    state: z.literal('unavailable'),
    path: z.string(),
    code: z.enum([
      'database_unavailable',
      'database_corrupt',
      'database_schema_mismatch',
      'database_locked',
    ]),
    message: z.string(),
  }),
])

/** What `app.info` reports about the local cache. */
export type DatabaseStatus = z.infer<typeof databaseStatus>

const appInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser', 'cli', 'test']),
  dataDirectory: z.string(),
  database: databaseStatus,
})

const connectionId = z.string().min(1).max(64)
const epochMs = z.number().int()

const streamState = z.object({
  stream: streamSchema,
  events: z.number().int().nonnegative(),
  lastSeq: z.number().int().nonnegative(),
  lastSuccessAt: epochMs.nullable(),
})

const connectionSummary = z.object({
  id: connectionId,
  organizationId: z.string(),
  organizationName: z.string(),
  baseUrl: z.string(),
  addedAt: epochMs,
  /** The demo organization this app started on loopback. */
  isDemo: z.boolean(),
  /** A key is available to sync now (the demo's lives only while the app runs). */
  canSync: z.boolean(),
  isSyncing: z.boolean(),
  /** Follow mode: synced again an interval after each sync ends (null: off). */
  follow: followStateSchema,
  streams: z.array(streamState),
})

/** A connected organization as the renderer sees it (never its key). */
export type ConnectionSummary = z.infer<typeof connectionSummary>

const runOutcome = z.enum(['running', 'complete', 'incomplete', 'failed', 'cancelled'])

const syncRun = z.object({
  id: z.number().int(),
  stream: streamSchema,
  startedAt: epochMs,
  endedAt: epochMs.nullable(),
  outcome: runOutcome,
  pages: z.number().int().nonnegative(),
  newEvents: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  quarantined: z.number().int().nonnegative(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
})

/** One recorded sync run. */
export type SyncRun = z.infer<typeof syncRun>

const pageKey = z.object({ occurredAt: epochMs, rowId: z.number().int() }).strict()

const logRow = z.object({
  rowId: z.number().int(),
  id: z.string(),
  seq: z.number().int(),
  occurredAt: epochMs,
  columns: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
})

/** One event as the log views show it: typed columns, without its raw JSON. */
export type LogRow = z.infer<typeof logRow>

const facet = z.object({
  /** The column counted: action, category, status, actor, resource type; endpoint, status code, method, API key. */
  field: z.string(),
  values: z.array(
    z.object({
      value: z.string(),
      count: z.number().int().nonnegative(),
      /** How people know the value: an actor's email or name, an API key's name. */
      label: z.string().optional(),
    }),
  ),
  /** Distinct values beyond those listed. */
  others: z.number().int().nonnegative(),
})

/** Counts of the most frequent values of one column among the filtered events. */
export type Facet = z.infer<typeof facet>

const viewName = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[^\p{Cc}]*\S[^\p{Cc}]*$/u, 'must be visible text without control characters')

const savedView = z.object({
  id: z.number().int(),
  stream: streamSchema,
  name: z.string(),
  query: z.string(),
  createdAt: epochMs,
})

/** A named filter kept in the cache and listed in the sidebar. */
export type SavedView = z.infer<typeof savedView>

/** The method map. Adding a method here without a handler in the core is a compile error. */
export const methods = {
  'app.info': {
    input: z.object({}).strict(),
    output: appInfo,
  },
  'connections.list': {
    input: z.object({}).strict(),
    output: z.object({ connections: z.array(connectionSummary) }),
  },
  'connections.add': {
    input: z
      .object({
        baseUrl: z.string().min(1).max(2048),
        apiKey: z.string().min(1).max(1024),
        /** Where to keep the key; by default only where the OS encrypts it (see secret-schemas). */
        storeKey: storeKeySchema.default('encrypted-only'),
      })
      .strict(),
    output: z.object({
      connectionId,
      organizationName: z.string(),
      /** Where the key is kept: the system's secret store (encrypted), the same store where the
       * user agreed to a readable copy ('weak-store'), or this session's memory only. */
      keyStorage: z.enum(['secret-store', 'weak-store', 'session']),
    }),
  },
  'demo.start': {
    input: z.object({}).strict(),
    output: z.object({ connectionId }),
  },
  'sync.start': {
    input: z
      .object({ connectionId, streams: z.array(streamSchema).min(1).max(2).optional() })
      .strict(),
    output: z.object({ started: z.boolean() }),
  },
  'sync.cancel': {
    input: z.object({ connectionId }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'sync.runs': {
    input: z.object({ connectionId, limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.object({ runs: z.array(syncRun) }),
  },
  'logs.query': {
    input: z
      .object({
        stream: streamSchema,
        filter: eventFilterSchema,
        limit: z.number().int().min(1).max(1000).default(200),
        order: z.enum(['desc', 'asc']).default('desc'),
        after: pageKey.optional(),
      })
      .strict(),
    output: z.object({ rows: z.array(logRow), next: pageKey.nullable() }),
  },
  'logs.count': {
    input: z.object({ stream: streamSchema, filter: eventFilterSchema }).strict(),
    output: z.object({ count: z.number().int().nonnegative() }),
  },
  'logs.get': {
    input: z.object({ stream: streamSchema, rowId: z.number().int() }).strict(),
    output: z.object({ row: logRow, raw: z.string() }),
  },
  'logs.facets': {
    input: z.object({ stream: streamSchema, filter: eventFilterSchema }).strict(),
    /** `isTooBroad`: more events match than counts are computed for (no facets then). */
    output: z.object({ facets: z.array(facet), isTooBroad: z.boolean() }),
  },
  'views.list': {
    input: z.object({}).strict(),
    output: z.object({ views: z.array(savedView) }),
  },
  'views.save': {
    input: z.object({ stream: streamSchema, name: viewName, query: z.string().max(4000) }).strict(),
    output: savedView,
  },
  'views.delete': {
    input: z.object({ id: z.number().int() }).strict(),
    output: z.object({ deleted: z.boolean() }),
  },
  ...annotationMethods,
  ...syncStatusMethods,
  ...alertMethods,
  ...findingsMethods,
  ...chartMethods,
  ...exportMethods,
  ...secretMethods,
} as const satisfies Record<MethodName, { input: z.ZodType; output: z.ZodType }>

const syncProgress = z.object({
  connectionId: z.string(),
  stream: z.enum(['audit-events', 'request-logs']),
  pages: z.number().int().nonnegative(),
  newEvents: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  eventsPerSecond: z.number().nonnegative(),
  estimatedRemainingMs: z.number().nonnegative().nullable(),
  fractionDone: z.number().min(0).max(1).nullable(),
})

const syncFinished = z.object({
  connectionId: z.string(),
  outcome: z.enum(['complete', 'incomplete', 'failed', 'cancelled']),
  newEvents: z.number().int().nonnegative(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
})

/** The event map: payload schema per event name. */
export const events = {
  'sync.progress': syncProgress,
  'sync.finished': syncFinished,
  'alerts.raised': alertsRaisedSchema,
  'findings.changed': findingsChangedSchema,
  'exports.progress': exportProgressSchema,
  'exports.finished': exportFinishedSchema,
  'app.command': appCommandSchema,
} as const satisfies Record<EventName, z.ZodType>

/** The validated input type of a method. */
export type MethodInput<M extends MethodName> = z.input<(typeof methods)[M]['input']>

/** A method's input as handlers receive it: parsed, defaults applied. */
export type MethodParams<M extends MethodName> = z.output<(typeof methods)[M]['input']>

/** The output type of a method. */
export type MethodOutput<M extends MethodName> = z.output<(typeof methods)[M]['output']>

/** The payload type of an event. */
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

/** An event as it travels to the renderer. */
export type CoreEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName]

/** The application info returned by `app.info`. */
export type AppInfo = MethodOutput<'app.info'>
