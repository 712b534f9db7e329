// A rule's conditions as a WHERE clause over audit_events (aliased `e`), written by the filter
// model's own SQL (filter-sql.ts), so `action:template.*` or `actor:ana@` in a rule means what it
// means in the log views. The IP is the exception: an address or block is tested on the new
// events themselves with ip_in_cidr (registered by registerSqlFunctions) instead of the filter's
// scan of every distinct address in the cache, which is the faster plan for a sync's few events.
import type { RuleConditions } from '../../shared/alert-schemas'
import type { EventFilter, NegatedFilter } from '../../shared/filter'
import { parseIpAddress } from '../../shared/ip-address'
import { filterToSql, type SqlWhere } from '../query/filter-sql'

/** The filter fields of a rule's conditions (the IP aside, see ipClause). */
export function ruleFilter(conditions: RuleConditions): EventFilter {
  const filter: EventFilter = { action: conditions.action }
  const not: NegatedFilter = {}
  if (conditions.status !== undefined) filter.status = conditions.status
  if (conditions.actor !== undefined) {
    if (conditions.actor.isNegated) not.actor = conditions.actor.value
    else filter.actor = conditions.actor.value
  }
  if (conditions.country !== undefined) {
    if (conditions.country.isNegated) not.country = conditions.country.value
    else filter.country = conditions.country.value
  }
  if (Object.keys(not).length > 0) filter.not = not
  return filter
}

/** An address as the one-address block it is (`/32`, `/128`), a block as written. */
export function ipBlock(value: string): string {
  if (value.includes('/')) return value
  const bytes = parseIpAddress(value)
  // A validated rule holds an address here; an IPv4-mapped one is written as its IPv4 address.
  if (bytes?.length === 4) return `${bytes.join('.')}/32`
  return `${value}/128`
}

/**
 * The WHERE clause of a rule over `e`. Parameter names come from filter-sql.ts, plus `ruleIp`;
 * callers name their own parameters with an `alert` prefix so they never collide.
 */
export function ruleToSql(conditions: RuleConditions): SqlWhere {
  const where = filterToSql('audit-events', ruleFilter(conditions), {
    text: 'drive',
    walkTime: false,
  })
  const ip = conditions.ip
  if (ip === undefined) return where
  // An event without an address never matches an address, and is never excluded by one (as
  // `-ip:` in the log views).
  const test = `ip_in_cidr(e.ip_address, @ruleIp)`
  return {
    clause: `${where.clause} AND ${ip.isNegated ? `${test} IS NOT 1` : `${test} = 1`}`,
    params: { ...where.params, ruleIp: ipBlock(ip.value) },
  }
}
