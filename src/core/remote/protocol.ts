// The messages between the host thread (Electron main, benches, tests) and the core thread that
// runs createCore on a worker (issue 8, item 4). Both sides parse what they receive: a message
// that matches no type here is ignored and logged, never acted on.
import { z } from 'zod'
import { events, type CoreEvent } from '../../shared/contract'
import { errorCodes, type Result } from '../../shared/result'

/** The host ports the core thread reaches through port-calls (they live on the host thread). */
export const portNames = [
  'chooseSavePath',
  'notify',
  'pickCountryDatabase',
  'secrets.apiKeyFor',
  'secrets.remember',
  'secrets.status',
] as const

/** One host port the core thread can call. */
export type PortName = (typeof portNames)[number]

/** Which optional ports the host offers, so the core sees exactly the ports it would in-thread. */
export type OfferedPorts = Record<PortName, boolean>

/** What the core thread is started with (workerData): serialisable, no functions. */
export type CoreThreadOptions = {
  host: 'electron' | 'browser' | 'cli' | 'test'
  dataDirectory: string
  sqliteNativeBinding?: string
  countryDatabaseFile?: string
  /** The reviewer name annotations are stamped with (the core's reviewer port is synchronous). */
  reviewerName?: string
  offers: OfferedPorts
}

const resultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.enum(errorCodes), message: z.string() }),
  }),
])

const callId = z.number().int().nonnegative()
const logLevel = z.enum(['info', 'warn', 'error'])

/** Host → core thread. */
export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('invoke'), id: callId, method: z.unknown(), input: z.unknown() }),
  z.object({ type: z.literal('stop-work'), id: callId }),
  z.object({
    type: z.literal('port-result'),
    id: callId,
    ok: z.boolean(),
    value: z.unknown(),
    error: z.string().optional(),
  }),
  z.object({ type: z.literal('close') }),
])

/** A message the host sends to the core thread. */
export type HostMessage = z.infer<typeof hostMessageSchema>

/** Core thread → host. */
export const coreMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: callId, result: resultSchema }),
  z.object({ type: z.literal('work-stopped'), id: callId }),
  z.object({
    type: z.literal('event'),
    event: z.object({ name: z.string(), payload: z.unknown() }),
  }),
  z.object({
    type: z.literal('port-call'),
    id: callId,
    port: z.enum(portNames),
    args: z.array(z.unknown()),
  }),
  z.object({
    type: z.literal('log'),
    level: logLevel,
    message: z.string(),
    fields: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({ type: z.literal('closed') }),
  z.object({ type: z.literal('ready') }),
])

/** A message the core thread sends to the host. */
export type CoreMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'work-stopped'; id: number }
  | { type: 'event'; event: CoreEvent }
  | { type: 'port-call'; id: number; port: PortName; args: unknown[] }
  | {
      type: 'log'
      level: z.infer<typeof logLevel>
      message: string
      fields?: Record<string, unknown> | undefined
    }
  | { type: 'closed' }
  /** The core was built on the thread and takes calls (sent once, before any result). */
  | { type: 'ready' }

/** A short description of a rejected message for the log (never its contents). */
export function describeRejected(message: unknown): string {
  if (typeof message !== 'object' || message === null) return typeof message
  const type: unknown = (message as { type?: unknown }).type // only read to name it in the log
  return typeof type === 'string' ? `type "${type.slice(0, 40)}"` : 'an object without a type'
}

/** Parses a message from the core thread; an event must match its contract schema. */
export function parseCoreMessage(message: unknown): CoreMessage | undefined {
  const parsed = coreMessageSchema.safeParse(message)
  if (!parsed.success) return undefined
  const value = parsed.data
  if (value.type !== 'event') return value
  const { name, payload } = value.event
  if (!Object.hasOwn(events, name)) return undefined
  const schema = events[name as keyof typeof events] // checked with hasOwn just above
  const checked = schema.safeParse(payload)
  if (!checked.success) return undefined
  // The payload was parsed by the schema of the very event `name`; TypeScript cannot correlate it.
  return { type: 'event', event: { name, payload: checked.data } as CoreEvent }
}

/** Parses a message from the host. */
export function parseHostMessage(message: unknown): HostMessage | undefined {
  const parsed = hostMessageSchema.safeParse(message)
  return parsed.success ? parsed.data : undefined
}
