// SQL functions the filter SQL needs (filter-sql.ts), registered per connection: every
// connection that runs a filter's WHERE clause must call registerSqlFunctions first.
import type Database from 'better-sqlite3'
import {
  isInCidr,
  parseCidr,
  parseIpAddress,
  type Cidr,
  type IpBytes,
} from '../../shared/ip-address'

/** Entries each parse cache keeps before starting over (addresses repeat a lot in logs). */
const cacheLimit = 10_000

/** Memoizes a parser in a bounded Map (cleared when full: simple, and misses only cost a parse). */
function memoize<T>(parse: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>()
  return (text) => {
    if (cache.has(text)) return cache.get(text) as T // has() said the key is there
    if (cache.size >= cacheLimit) cache.clear()
    const parsed = parse(text)
    cache.set(text, parsed)
    return parsed
  }
}

/**
 * Registers `ip_in_cidr(ip, cidr)` on `db`: 1 when the text address `ip` lies in the CIDR block
 * (IPv4 or IPv6; IPv4-mapped IPv6 counts as IPv4), 0 when not or when either is not valid,
 * NULL when either is NULL.
 */
export function registerSqlFunctions(db: Database.Database): void {
  const address = memoize<IpBytes | undefined>(parseIpAddress)
  const block = memoize<Cidr | undefined>(parseCidr)
  db.function('ip_in_cidr', { deterministic: true }, (ip: unknown, cidr: unknown) => {
    if (ip === null || cidr === null) return null
    if (typeof ip !== 'string' || typeof cidr !== 'string') return 0
    const bytes = address(ip)
    const network = block(cidr)
    return bytes !== undefined && network !== undefined && isInCidr(bytes, network) ? 1 : 0
  })
}
