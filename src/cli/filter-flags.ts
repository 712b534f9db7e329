// The filter flags shared by the commands that read events (query, export): the same flags build
// the same EventFilter the app's table uses.
import { eventFilterSchema, type EventFilter, type Stream } from '../shared/filter'
import { UsageError } from './io'
import { parseInstant } from './options'

/** parseArgs options of the filter flags. */
export const filterFlagOptions = {
  stream: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  actor: { type: 'string' },
  action: { type: 'string' },
  status: { type: 'string' },
  ip: { type: 'string' },
  text: { type: 'string' },
} as const

/** The help lines of the filter flags. */
export const filterFlagHelp = `  --stream NAME      audit-events (default) or request-logs
  --from ISO         events that occurred at or after this instant (RFC 3339, or YYYY-MM-DD)
  --to ISO           events that occurred before this instant
  --actor TEXT       actor id, or the start of an email or name; for request logs, the API key
                     id or its last 4 characters
  --action NAME      an action (template.deleted) or a prefix (template.*); for request logs,
                     the endpoint
  --status S         success or failure; for request logs also a code (404) or class (5xx)
  --ip IP            an IP address
  --text WORDS       words that must all appear (actor, resource, user agent, failure reason,
                     metadata)`

/** --stream of a one-stream command: audit-events (the default) or request-logs. */
export function parseStream(text: string | undefined): Stream {
  if (text === undefined) return 'audit-events'
  if (text === 'audit-events' || text === 'request-logs') return text
  throw new UsageError(`--stream must be audit-events or request-logs, not "${text}"`)
}

/** The EventFilter of the given flags; a bad value is a UsageError naming its flag. */
export function buildFilter(values: Record<string, string | boolean | undefined>): EventFilter {
  const text = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined)
  const candidate = {
    from: parseInstant('from', text('from')),
    to: parseInstant('to', text('to')),
    actor: text('actor'),
    action: text('action'),
    status: text('status'),
    ip: text('ip'),
    text: text('text'),
  }
  const defined = Object.fromEntries(
    Object.entries(candidate).filter(([, value]) => value !== undefined),
  )
  const parsed = eventFilterSchema.safeParse(defined)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new UsageError(`--${String(issue?.path[0] ?? 'filter')}: ${issue?.message ?? 'invalid'}`)
  }
  return parsed.data
}
