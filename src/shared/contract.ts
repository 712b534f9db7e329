// The one contract between the renderer and the core (CONVENTIONS.md §2): every method with a zod
// schema for its input and output, every event with a schema for its payload. Hosts (Electron
// IPC, browser-mode HTTP, tests) all go through the dispatcher built on this map.
import { z } from 'zod'
import type { EventName, MethodName } from './method-names'

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

/** The method map. Adding a method here without a handler in the core is a compile error. */
export const methods = {
  'app.info': {
    input: z.object({}).strict(),
    output: appInfo,
  },
} as const satisfies Record<MethodName, { input: z.ZodType; output: z.ZodType }>

const syncProgress = z.object({
  connectionId: z.string(),
  stream: z.enum(['audit-events', 'request-logs']),
  pages: z.number().int().nonnegative(),
  newEvents: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  eventsPerSecond: z.number().nonnegative(),
  estimatedRemainingMs: z.number().nonnegative().nullable(),
})

/** The event map: payload schema per event name. */
export const events = {
  'sync.progress': syncProgress,
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
