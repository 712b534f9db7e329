// The query bar's qualifiers (`name:value`): which streams each applies to, whether `-` may
// exclude it, and how its value becomes filter fields. The table in query-language.ts sums it up.
import type { Stream } from './filter'
import { findingIdSchema } from './findings-schemas'
import { quoteForMessage } from './query-tokens'
import { parseRfc3339 } from './rfc3339'

/** Reports a problem with the value. */
export type Fail = (message: string) => void
/** Records a value for a filter field (`not.` added by the caller when excluded). */
export type Collect = (field: string, value: unknown) => void
/**
 * Reads a qualifier's value into filter fields, or reports why it cannot. `isNegated` (a leading
 * `-`) matters only to a self-negating qualifier, whose fields hold the negation themselves.
 */
export type Read = (
  value: string,
  collect: Collect,
  fail: Fail,
  stream: Stream | undefined,
  isNegated: boolean,
) => void
/**
 * A qualifier: the streams it applies to, whether it can be excluded, its reader. A
 * self-negating one (`-is:starred`) writes a negated value itself rather than into `not`.
 */
export type Qualifier = {
  streams: readonly Stream[]
  isNegatable: boolean
  isSelfNegating?: boolean
  read: Read
}

const both: readonly Stream[] = ['audit-events', 'request-logs']
const audit: readonly Stream[] = ['audit-events']
const requests: readonly Stream[] = ['request-logs']

const plain =
  (field: string): Read =>
  (value, collect) => {
    collect(field, value)
  }

const readStatus: Read = (value, collect, fail, stream) => {
  const status = value.toLowerCase()
  if (stream === 'audit-events' && status !== 'success' && status !== 'failure')
    fail(`audit events are success or failure, not ${quoteForMessage(value)}`)
  else collect('status', status)
}

const readCountry: Read = (value, collect) => {
  collect('country', value.toUpperCase())
}

const readResource: Read = (value, collect, fail) => {
  const colon = value.indexOf(':')
  const type = colon < 0 ? value : value.slice(0, colon)
  const id = colon < 0 ? undefined : value.slice(colon + 1)
  if (type === '*' && id === undefined) fail('needs an id after "*" (resource:*:tpl_123)')
  else if (id === '') fail('the id after ":" is empty')
  else {
    if (type !== '*') collect('resourceType', type)
    if (id !== undefined) collect('resourceId', id)
  }
}

const readAlert: Read = (value, collect, fail) => {
  if (/^[1-9]\d{0,14}$/.test(value)) collect('alert', Number(value))
  else fail(`expects an alert number such as alert:42, not ${quoteForMessage(value)}`)
}

const readFinding: Read = (value, collect, fail) => {
  const id = value.toLowerCase()
  if (findingIdSchema.safeParse(id).success) collect('finding', id)
  else
    fail(
      `expects a finding id such as finding:fnd_0123456789abcdef01234567, not ${quoteForMessage(value)}`,
    )
}

const readDuration: Read = (value, collect, fail) => {
  const match = /^>?(\d{1,9})$/.exec(value)
  if (match?.[1] === undefined)
    fail(`expects milliseconds like >500, not ${quoteForMessage(value)}`)
  else collect('minDurationMs', Number(match[1]))
}

/** A yes/no field written `is:starred` / `-is:starred` (a `word` value names the field). */
const readFlag =
  (word: string, field: string): Read =>
  (value, collect, fail, _stream, isNegated) => {
    if (value.toLowerCase() === word) collect(field, !isNegated)
    else fail(`expects ${word}, not ${quoteForMessage(value)}`)
  }

/** A date (00:00 UTC) or an RFC 3339 date-time with offset, whose seconds may be left out. */
export function parseInstantText(value: string): number | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return parseRfc3339(`${value}T00:00:00Z`)
  const short = /^(\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2})([Zz]|[+-]\d{2}:\d{2})$/.exec(value)
  if (short !== null) return parseRfc3339(`${short[1] ?? ''}:00${short[2] ?? ''}`)
  return parseRfc3339(value)
}

const readInstant =
  (field: 'from' | 'to'): Read =>
  (value, collect, fail) => {
    const instant = parseInstantText(value)
    if (instant !== undefined) collect(field, instant)
    else
      fail(
        `expects a date (2026-11-01) or a time (2026-11-20T10:00Z), not ${quoteForMessage(value)}`,
      )
  }

/** Every qualifier by its lower-case name (a Map: names come from user text). */
export const qualifiers = new Map<string, Qualifier>([
  ['actor', { streams: both, isNegatable: true, read: plain('actor') }],
  ['action', { streams: both, isNegatable: true, read: plain('action') }],
  ['category', { streams: audit, isNegatable: true, read: plain('categories') }],
  ['resource', { streams: audit, isNegatable: true, read: readResource }],
  ['key', { streams: requests, isNegatable: true, read: plain('apiKey') }],
  ['endpoint', { streams: requests, isNegatable: true, read: plain('endpoint') }],
  ['status', { streams: both, isNegatable: true, read: readStatus }],
  ['ip', { streams: both, isNegatable: true, read: plain('ip') }],
  ['country', { streams: both, isNegatable: true, read: readCountry }],
  ['slow', { streams: requests, isNegatable: false, read: readDuration }],
  ['duration', { streams: requests, isNegatable: false, read: readDuration }],
  ['from', { streams: both, isNegatable: false, read: readInstant('from') }],
  ['to', { streams: both, isNegatable: false, read: readInstant('to') }],
  ['text', { streams: both, isNegatable: false, read: plain('text') }],
  ['tag', { streams: both, isNegatable: true, read: plain('tags') }],
  ['label', { streams: audit, isNegatable: true, read: plain('label') }],
  [
    'is',
    {
      streams: both,
      isNegatable: true,
      isSelfNegating: true,
      read: readFlag('starred', 'starred'),
    },
  ],
  [
    'has',
    {
      streams: both,
      isNegatable: true,
      isSelfNegating: true,
      read: readFlag('comment', 'commented'),
    },
  ],
  ['comment', { streams: both, isNegatable: false, read: plain('commentText') }],
  ['alert', { streams: audit, isNegatable: false, read: readAlert }],
  ['finding', { streams: both, isNegatable: false, read: readFinding }],
])

const fieldLabels = new Map([
  ['actions', 'action'],
  ['categories', 'category'],
  ['resourceType', 'resource'],
  ['resourceId', 'resource'],
  ['apiKey', 'key'],
  ['minDurationMs', 'slow'],
  ['tags', 'tag'],
  ['starred', 'is'],
  ['commented', 'has'],
  ['commentText', 'comment'],
])

/** How the query text names a filter field (for messages). */
export const fieldLabel = (field: string): string => fieldLabels.get(field) ?? field
