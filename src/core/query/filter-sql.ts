// Turns the filter model into a WHERE clause with named parameters only (CONVENTIONS.md §3):
// columns come from this file, values are always bound, LIKE wildcards are escaped. Fields of the
// other stream are ignored (see src/shared/filter.ts for which fields apply where).
// A CIDR `ip` needs `ip_in_cidr`, registered on the connection by registerSqlFunctions
// (sql-functions.ts); `country` reads the ip_countries table (src/core/geo/ip-countries.ts).
import type { EventFilter, NegatedFilter, Stream } from '../../shared/filter'
import { alertClauses } from '../alerts/alert-filter-sql'
import { findingClauses } from './finding-sql'
import { annotationClauses, reviewClauses } from './annotation-sql'

/** A WHERE clause and its named parameters. */
export type SqlWhere = { clause: string; params: Record<string, string | number> }

/** Escapes LIKE wildcards so user text matches literally (with ESCAPE '\\'). */
export const escapeLike = (text: string): string =>
  text.replace(/[\\%_]/g, (character) => `\\${character}`)

/** Quotes text as one FTS5 string: operators and punctuation in it stay text. */
const ftsString = (text: string): string => `"${text.replace(/"/g, '""')}"`

/** Builds the full-text MATCH expression: each word quoted, so operators in user text stay text. */
export function ftsQuery(text: string): string | undefined {
  const words = text.split(/\s+/).filter((word) => word !== '')
  if (words.length === 0) return undefined
  return words.map(ftsString).join(' ')
}

/**
 * The MATCH expression of a filter's words and phrases together (all must appear; a phrase's
 * words in order, as the index tokenizes them: case, accents and punctuation aside).
 */
export function ftsMatch(filter: Pick<EventFilter, 'text' | 'phrase'>): string | undefined {
  const parts = [
    ...(filter.text === undefined ? [] : [ftsQuery(filter.text)]),
    ...(filter.phrase ?? []).map(ftsString),
  ].filter((part) => part !== undefined)
  return parts.length === 0 ? undefined : parts.join(' ')
}

/** How a broad condition (a full-text word, a request status) should shape the plan. */
export type TextPlan = 'drive' | 'filter'

/**
 * The plan a page query should take. `text` as TextPlan says; `walkTime` false keeps SQLite off
 * the time index (unary + on occurred_at), so a selective actor or API key drives the plan
 * instead: measured, an actor with 89 of 300,000 events took 304 ms along the time index and
 * 0.2 ms through its own index.
 */
export type QueryPlan = {
  text: TextPlan
  walkTime: boolean
  /**
   * Rows are read (a page, facets), not only counted: the connection condition then never
   * drives the plan. It is the first column of the (connection_id, seq) index, which SQLite
   * otherwise walked for a whole organization and sorted: a frequent full-text word took 450 ms
   * that way on 1,000,000 events, 10 to 25 ms along the time index.
   */
  readsRows?: boolean
}

/** The occurred_at column as a plan may use it (see QueryPlan). */
export const timeColumn = (walkTime: boolean): string =>
  walkTime ? 'e.occurred_at' : '+e.occurred_at'

/** Collects conditions; `bind` names each value `@<prefix><name>` and returns that name. */
type Conditions = {
  parts: string[]
  params: Record<string, string | number>
  bind: (name: string, value: string | number) => string
}

function createConditions(prefix = ''): Conditions {
  const params: Record<string, string | number> = {}
  return {
    parts: [],
    params,
    bind: (name, value) => {
      params[`${prefix}${name}`] = value
      return `@${prefix}${name}`
    },
  }
}

const toWhere = (conditions: Conditions): SqlWhere => ({
  clause: conditions.parts.length === 0 ? '1' : conditions.parts.join(' AND '),
  params: conditions.params,
})

/**
 * The WHERE clause of a filter over a stream's table (aliased `e`). `textPlan` 'drive' lets the
 * full-text matches (audit events) or the status (request logs) drive the plan, best when they
 * match few events; 'filter' makes them a test on a walk of the time index, best when they match
 * many and only the newest page is wanted. Negated fields (`not`) exclude every event they match;
 * an event whose column is NULL does not match, so it stays.
 */
export function filterToSql(
  stream: Stream,
  filter: EventFilter,
  plan: QueryPlan = { text: 'drive', walkTime: true },
  known?: KnownValues,
): SqlWhere {
  const time = timeColumn(plan.walkTime)
  const conditions = createConditions()
  const { parts, bind } = conditions
  if (filter.connectionId !== undefined) {
    const connection = plan.readsRows === true ? '+e.connection_id' : 'e.connection_id'
    parts.push(`${connection} = ${bind('connectionId', filter.connectionId)}`)
  }
  if (filter.from !== undefined) parts.push(`${time} >= ${bind('from', filter.from)}`)
  if (filter.to !== undefined) parts.push(`${time} < ${bind('to', filter.to)}`)
  parts.push(...sharedClauses(stream, filter, conditions, plan.text, known))
  if (stream === 'audit-events') auditOnlyClauses(filter, conditions, plan.text)
  else requestOnlyClauses(filter, conditions)
  parts.push(...reviewClauses(stream, filter, bind))
  parts.push(...alertClauses(stream, filter, bind))
  parts.push(...findingClauses(stream, filter, bind, time))
  let excluded = filter.not
  const notStatus = excluded?.status
  if (stream === 'audit-events' && (notStatus === 'success' || notStatus === 'failure')) {
    // An audit event's status is success or failure (the contract's enum): "not one" is the
    // other, which the (action, status, occurred_at) index can use. Measured on 1,000,000
    // events: `action:template.* -status:success` 459 ms as a negation.
    parts.push(`e.status = ${bind('statusOther', notStatus === 'success' ? 'failure' : 'success')}`)
    excluded = Object.fromEntries(
      Object.entries(excluded ?? {}).filter(([key]) => key !== 'status'),
    ) // the same exclusions without the status
  }
  if (excluded !== undefined && Object.keys(excluded).length > 0) {
    const negated = createConditions('not_')
    for (const clause of sharedClauses(stream, excluded, negated, 'drive', known))
      parts.push(`(${clause}) IS NOT TRUE`)
    Object.assign(conditions.params, negated.params)
  }
  return toWhere(conditions)
}

/** The actor and API key conditions alone (the fields with their own index), or undefined. */
export function actorToSql(stream: Stream, filter: EventFilter): SqlWhere | undefined {
  const apiKey = stream === 'request-logs' ? filter.apiKey : undefined
  if (filter.actor === undefined && apiKey === undefined) return undefined
  const conditions = createConditions()
  const only: NegatedFilter = {
    ...(filter.actor === undefined ? {} : { actor: filter.actor }),
    ...(apiKey === undefined ? {} : { apiKey }),
  }
  conditions.parts.push(...sharedClauses(stream, only, conditions, 'drive'))
  return toWhere(conditions)
}

/** Conditions of the fields a filter can also negate; the caller joins them. */
function sharedClauses(
  stream: Stream,
  filter: NegatedFilter,
  conditions: Conditions,
  textPlan: TextPlan,
  known?: KnownValues,
): string[] {
  const { bind } = conditions
  const clauses: string[] = []
  if (filter.ip !== undefined) {
    const ip = bind('ip', filter.ip)
    if (!filter.ip.includes('/')) clauses.push(`e.ip_address = ${ip}`)
    else if (stream === 'audit-events')
      // The block's addresses are found among the distinct addresses of the (ip_address, …)
      // index, then each one's events through it. Measured on 1,000,000 events: a block
      // matching nothing took 1.5 s testing every event, 3 ms this way (139 addresses).
      clauses.push(
        `e.ip_address IN (${distinctValues('audit_events', 'ip_address')} WHERE ip_in_cidr(v.x, ${ip}))`,
      )
    else clauses.push(`ip_in_cidr(e.ip_address, ${ip})`) // request logs have no address index
  }
  if (filter.country !== undefined) {
    clauses.push(
      `e.ip_address IN (SELECT c.ip FROM ip_countries AS c WHERE c.country = ${bind('country', filter.country)})`,
    )
  }
  if (stream === 'audit-events') clauses.push(...auditClauses(filter, bind, known))
  else clauses.push(...requestClauses(filter, bind, textPlan))
  clauses.push(...annotationClauses(stream, filter, bind))
  return clauses
}

type Bind = Conditions['bind']

/**
 * A SELECT of the distinct non-NULL values `v.x` of an indexed column (optionally between two
 * bound values, `to` excluded), one index seek per value: a skip-scan, so its cost follows the
 * number of distinct values, not of events. Callers append their own WHERE on `v.x`.
 */
export function distinctValues(
  table: string,
  column: string,
  range?: { from: string; to: string },
): string {
  const low =
    range === undefined ? '' : ` WHERE d.${column} >= ${range.from} AND d.${column} < ${range.to}`
  const high = range === undefined ? '' : ` AND d.${column} < ${range.to}`
  return `WITH RECURSIVE v(x) AS (SELECT min(d.${column}) FROM ${table} AS d${low}
    UNION ALL SELECT (SELECT min(d.${column}) FROM ${table} AS d WHERE d.${column} > v.x${high})
    FROM v WHERE v.x IS NOT NULL) SELECT v.x FROM v`
}

/**
 * Values of the cache a clause can be written with (read at the time the SQL is built). The
 * statement is then only right for that moment, so callers build it where they run it.
 */
export type KnownValues = {
  /** The distinct audit actions under a prefix (`template.`), or undefined when too many. */
  actionsUnder(prefix: string): readonly string[] | undefined
}

/**
 * An audit action exactly, or (ending with `.*`) every action under the prefix: as the list of
 * those actions when `known` gives it, so the (action, status, occurred_at) index answers a
 * status with each, else as a range. Measured on 1,000,000 events: `action:template.*
 * -status:success` 475 ms as a range (the 327,461 template events' rows read for their status),
 * 0.2 ms as a list.
 */
function actionClause(value: string, name: string, bind: Bind, known?: KnownValues): string {
  if (!value.endsWith('.*')) return `e.action = ${bind(name, value)}`
  const prefix = value.slice(0, -1)
  const listed = known?.actionsUnder(prefix)
  if (listed === undefined) return exactOrPrefix('e.action', value, '.*', name, bind)
  if (listed.length === 0) return '0'
  const names = listed.map((action, index) => bind(`${name}${String(index)}`, action))
  return `e.action IN (${names.join(', ')})`
}

/** The value exactly, or (when it ends with `marker`: `.*`, `*`) everything before its `*`. */
function exactOrPrefix(column: string, value: string, marker: string, name: string, bind: Bind) {
  if (!value.endsWith(marker)) return `${column} = ${bind(name, value)}`
  const prefix = value.slice(0, -1)
  return `${column} >= ${bind(`${name}From`, prefix)} AND ${column} < ${bind(`${name}To`, `${prefix}\u{10FFFF}`)}`
}

function auditClauses(filter: NegatedFilter, bind: Bind, known?: KnownValues): string[] {
  const clauses: string[] = []
  if (filter.actor !== undefined) {
    // Resolve the actor through the small actors table first, so the (actor_id, …) indexes apply.
    const actorFrom = bind('actorFrom', filter.actor)
    const actorTo = bind('actorTo', `${filter.actor}\u{10FFFF}`)
    clauses.push(
      `e.actor_id IN (SELECT a.actor_id FROM actors AS a WHERE a.actor_id = ${bind('actor', filter.actor)}
        OR (a.email COLLATE NOCASE >= ${actorFrom} AND a.email COLLATE NOCASE < ${actorTo})
        OR (a.name COLLATE NOCASE >= ${actorFrom} AND a.name COLLATE NOCASE < ${actorTo}))`,
    )
  }
  if (filter.action !== undefined) clauses.push(actionClause(filter.action, 'action', bind, known))
  if (filter.actions !== undefined) {
    const alternatives = filter.actions.map(
      (action, index) => `(${actionClause(action, `actions${String(index)}`, bind, known)})`,
    )
    clauses.push(`(${alternatives.join(' OR ')})`)
  }
  if (filter.categories !== undefined) {
    const names = filter.categories.map((category, index) =>
      bind(`categories${String(index)}`, category),
    )
    clauses.push(`e.category IN (${names.join(', ')})`)
  }
  if (filter.status === 'success' || filter.status === 'failure')
    clauses.push(`e.status = ${bind('status', filter.status)}`)
  if (filter.resourceType !== undefined)
    clauses.push(`e.resource_type = ${bind('resourceType', filter.resourceType)}`)
  return clauses
}

function requestClauses(filter: NegatedFilter, bind: Bind, textPlan: TextPlan): string[] {
  const clauses: string[] = []
  // Resolve through the small api_keys table, so the (api_key_id, occurred_at) index applies.
  const keyClause = (name: string, value: string) => {
    const key = bind(name, value)
    return `e.api_key_id IN (SELECT k.key_id FROM api_keys AS k WHERE k.key_id = ${key} OR k.last4 = ${key})`
  }
  if (filter.actor !== undefined) clauses.push(keyClause('actor', filter.actor))
  if (filter.apiKey !== undefined) clauses.push(keyClause('apiKey', filter.apiKey))
  if (filter.action !== undefined) clauses.push(`e.endpoint = ${bind('endpoint', filter.action)}`)
  if (filter.endpoint !== undefined)
    clauses.push(exactOrPrefix('e.endpoint', filter.endpoint, '*', 'endpointPath', bind))
  const status = filter.status
  // A unary + keeps SQLite from driving the plan by the status index (see TextPlan).
  const code = textPlan === 'filter' ? '+e.status_code' : 'e.status_code'
  if (status !== undefined && /^[1-5]xx$/.test(status)) {
    const low = Number(status[0]) * 100
    clauses.push(
      `${code} >= ${bind('statusLow', low)} AND ${code} < ${bind('statusHigh', low + 100)}`,
    )
  } else if (status !== undefined && /^\d{3}$/.test(status))
    clauses.push(`${code} = ${bind('statusCode', Number(status))}`)
  else if (status === 'failure') clauses.push(`${code} >= 400`)
  else if (status === 'success') clauses.push(`${code} < 400`)
  return clauses
}

function auditOnlyClauses(filter: EventFilter, conditions: Conditions, textPlan: TextPlan) {
  const { parts, bind } = conditions
  if (filter.resourceId !== undefined)
    parts.push(`e.resource_id = ${bind('resourceId', filter.resourceId)}`)
  const match = ftsMatch(filter)
  if (match === undefined) return
  // A unary + keeps SQLite from driving the plan by row_id (it then walks the time index).
  const column = textPlan === 'filter' ? '+e.row_id' : 'e.row_id'
  parts.push(
    `${column} IN (SELECT rowid FROM audit_events_fts WHERE audit_events_fts MATCH ${bind('text', match)})`,
  )
}

function requestOnlyClauses(filter: EventFilter, conditions: Conditions) {
  const { parts, bind } = conditions
  if (filter.minDurationMs !== undefined)
    parts.push(`e.duration_ms > ${bind('minDurationMs', filter.minDurationMs)}`)
  // Requests have no full-text index: the text and each phrase are substrings.
  const substrings: [string, string][] = [
    ...(filter.text === undefined ? [] : [['textLike', filter.text] as [string, string]]),
    ...(filter.phrase ?? []).map((phrase, index): [string, string] => [
      `phraseLike${String(index)}`,
      phrase,
    ]),
  ]
  for (const [name, text] of substrings) {
    const like = bind(name, `%${escapeLike(text)}%`)
    parts.push(
      `(e.endpoint LIKE ${like} ESCAPE '\\' OR e.user_agent LIKE ${like} ESCAPE '\\' OR e.error_code LIKE ${like} ESCAPE '\\')`,
    )
  }
}
