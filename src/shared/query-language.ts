// The query bar language: text that round-trips with the filter controls.
//
//   actor:ana@ action:template.* -status:success ip:203.0.113.0/24 country:RU "exact phrase"
//
// | qualifier                         | filter field                  | streams       | negatable |
// | --------------------------------- | ----------------------------- | ------------- | --------- |
// | actor:ana@                        | actor                         | both          | yes       |
// | action:template.* (repeatable)    | action, or actions when 2+    | both (1)      | yes       |
// | category:templates (repeatable)   | categories                    | audit events  | yes       |
// | resource:template[:tpl_1]         | resourceType, resourceId (2)  | audit events  | type only |
// | key:9f2c                          | apiKey                        | request logs  | yes       |
// | endpoint:/v1/documents[/*]        | endpoint                      | request logs  | yes       |
// | status:success, status:5xx        | status (3)                    | both          | yes       |
// | ip:203.0.113.7, ip:2001:db8::/32  | ip                            | both          | yes       |
// | country:RU                        | country                       | both          | yes       |
// | slow:>500, duration:>500          | minDurationMs                 | request logs  | no        |
// | from:2026-11-01, to:…T10:00Z      | from, to (UTC; to exclusive)  | both          | no        |
// | bare words, text:"…"              | text                          | both          | no        |
// | "quoted phrase"                   | phrase                        | both          | no        |
// | tag:reviewed (repeatable: any)    | tags                          | both          | yes       |
// | label:HIPAA                       | label                         | audit events  | yes       |
// | is:starred, -is:starred           | starred true, false           | both          | (4)       |
// | has:comment, -has:comment         | commented true, false         | both          | (4)       |
// | comment:"needs follow-up"         | commentText                   | both          | no        |
// | alert:42                          | alert                         | audit events  | no        |
// | finding:fnd_…                     | finding                       | both          | no        |
//
// (1) For request logs, `action` is an exact endpoint and may be given once. (2) `resource:*:id`
// is an id of any type. (3) Audit events: success or failure; requests also 404 or 5xx.
// (4) `-` writes false into the field itself rather than into `not`.
// Values may be quoted (`actor:"Ana Ruiz"`, with `\"` and `\\`); `-` excludes. connectionId is
// not part of the query text.
import {
  eventFilterSchema,
  negatedFilterSchema,
  type EventFilter,
  type NegatedFilter,
  type Stream,
} from './filter'
import { fieldLabel, qualifiers, type Collect, type Fail } from './query-qualifiers'
import {
  column,
  quoteForMessage,
  quotePhrase,
  quoteValue,
  tokenize,
  type QueryError,
  type QueryToken,
} from './query-tokens'

export type { QueryError } from './query-tokens'
export { parseInstantText } from './query-qualifiers'
export { describeFilter, describeFilterParts } from './filter-summary'

/** The part of a filter the query text holds: everything but the connection. */
export type QueryFilter = Omit<EventFilter, 'connectionId'>

/** What parsing produced: always a valid filter (bad parts left out) and the problems found. */
export type ParsedQuery = { filter: QueryFilter; errors: QueryError[] }

/** Longer query text is refused whole. */
export const maxQueryLength = 4000

/** Fields `not` can hold. */
const negatableFields = new Set(Object.keys(negatedFilterSchema.shape))

/** Field path (`actor`, `not.categories`) to each value given and the token it came from. */
type Collected = Map<string, { value: unknown; token: QueryToken }[]>

/**
 * Parses query bar text into a filter over `stream` (or over either stream when omitted). Never
 * throws: unknown qualifiers, bad values, qualifiers of the other stream and repeated single
 * fields become errors, and what remains is a valid filter.
 */
export function parseQuery(text: string, stream?: Stream): ParsedQuery {
  if (text.length > maxQueryLength) {
    const message = `The query is longer than ${String(maxQueryLength)} characters`
    return { filter: {}, errors: [{ message, start: maxQueryLength, end: text.length }] }
  }
  const { tokens, errors } = tokenize(text)
  const collected: Collected = new Map()
  for (const token of tokens) readToken(token, stream, collected, errors)
  const filter = buildFilter(collected, stream, errors)
  return { filter, errors: errors.sort((a, b) => a.start - b.start) }
}

const report = (errors: QueryError[], token: QueryToken, message: string): void => {
  errors.push({
    message: `${message} (${column(token.start)})`,
    start: token.start,
    end: token.end,
  })
}

function readToken(
  token: QueryToken,
  stream: Stream | undefined,
  collected: Collected,
  errors: QueryError[],
): void {
  const fail: Fail = (message) => {
    report(errors, token, message)
  }
  const qualifier =
    token.kind === 'qualifier' ? qualifiers.get(token.name.toLowerCase()) : undefined
  const isExcluded = token.isNegated && qualifier?.isSelfNegating !== true
  const collect: Collect = (field, value) => {
    const path = isExcluded ? `not.${field}` : field
    if (isExcluded && !negatableFields.has(field)) {
      fail(`${field} cannot be excluded with "-"`)
      return
    }
    const list = collected.get(path) ?? []
    list.push({ value, token })
    collected.set(path, list)
  }
  if (token.kind !== 'qualifier') {
    if (token.isNegated) fail('Excluding text is not supported; to search for "-word", quote it')
    else collect(token.kind === 'word' ? 'text' : 'phrase', token.text)
    return
  }
  const label = `${token.name}:`
  if (qualifier === undefined) {
    const known = [...qualifiers.keys()].join(', ')
    fail(
      `Unknown qualifier ${quoteForMessage(label)} (known: ${known}); quote text to search for it`,
    )
  } else if (stream !== undefined && !qualifier.streams.includes(stream))
    fail(`${label} applies to ${stream === 'audit-events' ? 'request logs' : 'audit events'} only`)
  else if (token.isNegated && !qualifier.isNegatable) fail(`${label} cannot be excluded with "-"`)
  else if (token.value === '') fail(`${label} needs a value`)
  else
    qualifier.read(
      token.value,
      collect,
      (message) => {
        fail(`${label} ${message}`)
      },
      stream,
      token.isNegated,
    )
}

/** List fields a query fills by repeating; text accumulates too, action becomes actions. */
const listFields = new Set(['categories', 'phrase', 'tags'])

type Fields = Record<string, unknown>
const emptyFields = (): Fields => Object.create(null) as Fields

function buildFilter(
  collected: Collected,
  stream: Stream | undefined,
  errors: QueryError[],
): QueryFilter {
  const positive = emptyFields()
  const negative = emptyFields()
  const origins = new Map<string, QueryToken[]>()
  for (const [path, entries] of collected) {
    const isNegated = path.startsWith('not.')
    const field = isNegated ? path.slice('not.'.length) : path
    const target = isNegated ? negative : positive
    const values = entries.map((entry) => entry.value)
    const tokens = entries.map((entry) => entry.token)
    const repeated = tokens[1]
    let built = field
    if (field === 'text') target.text = values.join(' ')
    else if (field === 'action' && values.length > 1 && stream !== 'request-logs') {
      target.actions = values
      built = 'actions'
    } else if (listFields.has(field)) target[field] = values
    else {
      target[field] = values[0]
      if (repeated !== undefined)
        report(errors, repeated, `${fieldLabel(field)}: given more than once; the first is used`)
    }
    origins.set(isNegated ? `not.${built}` : built, tokens)
  }
  return validate(positive, negative, origins, errors)
}

/** Checks the fields against the filter schema, leaving out (and reporting) each invalid one. */
function validate(
  positive: Fields,
  negative: Fields,
  origins: Map<string, QueryToken[]>,
  errors: QueryError[],
): QueryFilter {
  const candidate: Fields = { ...positive }
  const not: Fields = { ...negative }
  if (Object.keys(not).length > 0) candidate.not = not
  const drop = (holder: Fields, path: string, field: string, index: unknown, message: string) => {
    const tokens = origins.get(path) ?? []
    const token = (typeof index === 'number' ? tokens[index] : undefined) ?? tokens[0]
    // Several issues can name one field; report it once.
    if (token !== undefined && Object.hasOwn(holder, field))
      report(errors, token, `${fieldLabel(field)}: ${message}`)
    Reflect.deleteProperty(holder, field)
  }
  // Each round removes at least one field, so this ends; the bound is a guard.
  for (let round = 0; round < 64; round++) {
    const result = eventFilterSchema.safeParse(candidate)
    if (result.success) return result.data
    for (const { path, message } of result.error.issues) {
      const [first, second, third] = path
      // Only the action-or-actions refinement has an empty path, and the parser sets one of them.
      if (first === undefined) return {}
      if (first !== 'not') drop(candidate, String(first), String(first), second, message)
      // `not` itself fails once its last field is dropped: leave it out.
      else if (second === undefined) delete candidate.not
      else drop(not, `not.${String(second)}`, String(second), third, message)
    }
  }
  return {}
}

const dayMs = 86_400_000

/** The shortest text parseInstantText reads back as exactly `epochMs`. */
export function formatInstant(epochMs: number): string {
  const iso = new Date(epochMs).toISOString()
  if (epochMs % dayMs === 0) return iso.slice(0, 10)
  if (epochMs % 60_000 === 0) return `${iso.slice(0, 16)}Z`
  if (epochMs % 1000 === 0) return `${iso.slice(0, 19)}Z`
  return iso
}

/** Qualifiers shared by the positive and the negated parts, in canonical order. */
function formatCommon(filter: QueryFilter | NegatedFilter, sign: '' | '-'): string[] {
  const parts: string[] = []
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined) parts.push(`${sign}${name}:${quoteValue(value)}`)
  }
  add('actor', filter.actor)
  add('action', filter.action)
  for (const action of filter.actions ?? []) add('action', action)
  for (const category of filter.categories ?? []) add('category', category)
  const resourceId = 'resourceId' in filter ? filter.resourceId : undefined
  if (filter.resourceType !== undefined || resourceId !== undefined)
    add(
      'resource',
      `${filter.resourceType ?? '*'}${resourceId === undefined ? '' : `:${resourceId}`}`,
    )
  add('key', filter.apiKey)
  add('endpoint', filter.endpoint)
  add('status', filter.status)
  add('ip', filter.ip)
  add('country', filter.country)
  for (const tag of filter.tags ?? []) add('tag', tag)
  add('label', filter.label)
  return parts
}

const isSimpleWord = (word: string): boolean => /^[^\s"\\:]+$/.test(word) && !word.startsWith('-')

/**
 * The canonical query text of a filter (connectionId is not part of it): parseQuery reads it back
 * as exactly `filter`, and formatting that again gives the same text.
 */
export function formatQuery(filter: QueryFilter): string {
  const parts = formatCommon(filter, '')
  if (filter.minDurationMs !== undefined) parts.push(`slow:>${String(filter.minDurationMs)}`)
  if (filter.from !== undefined) parts.push(`from:${formatInstant(filter.from)}`)
  if (filter.to !== undefined) parts.push(`to:${formatInstant(filter.to)}`)
  if (filter.starred !== undefined) parts.push(filter.starred ? 'is:starred' : '-is:starred')
  if (filter.commented !== undefined) parts.push(filter.commented ? 'has:comment' : '-has:comment')
  if (filter.commentText !== undefined) parts.push(`comment:${quoteValue(filter.commentText)}`)
  if (filter.alert !== undefined) parts.push(`alert:${String(filter.alert)}`)
  if (filter.finding !== undefined) parts.push(`finding:${filter.finding}`)
  if (filter.not !== undefined) parts.push(...formatCommon(filter.not, '-'))
  const text = filter.text
  if (text !== undefined)
    parts.push(text.split(' ').every(isSimpleWord) ? text : `text:${quotePhrase(text)}`)
  for (const phrase of filter.phrase ?? []) parts.push(quotePhrase(phrase))
  return parts.join(' ')
}
