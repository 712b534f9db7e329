// The country of each IP address in the cache, from the offline IP-to-country database shipped
// as an npm package (@ip-location-db/geo-whois-asn-country-mmdb, CC BY 4.0 by the NRO), read with
// maxmind. Results land in ip_countries, which the `country` filter reads (filter-sql.ts).
import fs from 'node:fs'
import { createRequire } from 'node:module'
import type Database from 'better-sqlite3'
import { Reader, type CountryResponse } from 'maxmind'
import { createIpCountryStore } from '../store/ip-country-store'
import { readCountryDatabaseChoice } from './country-database-store'
import { isInCidr, parseCidr, parseIpAddress, type Cidr } from '../../shared/ip-address'

/** An address's ISO 3166-1 alpha-2 country (upper case), or undefined when unknown. */
export type CountryLookup = (ip: string) => string | undefined

/** The path of the packaged IPv4+IPv6 country database. */
export function defaultCountryDatabaseFile(): string {
  return createRequire(import.meta.url).resolve(
    '@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb',
  )
}

// Special-purpose blocks (RFC 6890: private, loopback, link-local, shared, documentation,
// benchmarking, multicast, reserved) have no country; the packaged data places some of them
// anyway (192.168.0.0/16 in AU).
const specialPurpose = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/3',
  '::/127',
  '64:ff9b:1::/48',
  '100::/64',
  '2001:db8::/32',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
]
  .map((text) => parseCidr(text))
  .filter((block): block is Cidr => block !== undefined)

/**
 * Opens a country database (MMDB with a `country_code` per network) for lookups. Text that is
 * not an IP address, special-purpose addresses and addresses the database does not place have no
 * country.
 */
export function openCountryLookup(file = defaultCountryDatabaseFile()): CountryLookup {
  // The type parameter only satisfies maxmind's constraint: records are checked below.
  const reader = new Reader<CountryResponse>(fs.readFileSync(file))
  return (ip) => {
    const bytes = parseIpAddress(ip)
    if (bytes === undefined || specialPurpose.some((block) => isInCidr(bytes, block)))
      return undefined
    // An IPv4-mapped IPv6 address is looked up as the IPv4 address it carries.
    const address = bytes.length === 4 ? bytes.join('.') : ip
    return countryCodeOf(reader.get(address))
  }
}

/**
 * The country code of an MMDB record: `country_code` (the ip-location-db databases), else
 * `country.iso_code` or `registered_country.iso_code` (MaxMind GeoLite2 and GeoIP2 Country).
 */
export function countryCodeOf(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined
  const isoCode = (part: unknown): unknown =>
    typeof part === 'object' && part !== null && 'iso_code' in part ? part.iso_code : undefined
  const candidates = [
    'country_code' in record ? record.country_code : undefined,
    'country' in record ? isoCode(record.country) : undefined,
    'registered_country' in record ? isoCode(record.registered_country) : undefined,
  ]
  const code = candidates.find((value) => typeof value === 'string' && /^[A-Z]{2}$/.test(value))
  return typeof code === 'string' ? code : undefined
}

let packagedLookup: CountryLookup | undefined
let chosenLookup: { key: string; lookup: CountryLookup } | undefined

/**
 * The lookup of the country database the cache's setting names (see country-database.ts),
 * opened once while the file stays the same; the packaged one when none is chosen or the chosen
 * file can no longer be read (Settings then says so).
 */
export function countryLookupFor(db: Database.Database): CountryLookup {
  const choice = readCountryDatabaseChoice(db)
  if (choice === null) return packagedCountryLookup()
  try {
    const stat = fs.statSync(choice.file)
    const key = `${choice.file}\u0000${String(stat.size)}\u0000${String(stat.mtimeMs)}`
    if (chosenLookup?.key !== key) chosenLookup = { key, lookup: openCountryLookup(choice.file) }
    return chosenLookup.lookup
  } catch {
    return packagedCountryLookup()
  }
}

/** The packaged database's lookup, opened once per process (the file is about 8 MB). */
function packagedCountryLookup(): CountryLookup {
  packagedLookup ??= openCountryLookup()
  return packagedLookup
}

/**
 * Records the country of every distinct IP address stored since the last call and not yet in
 * ip_countries (NULL when unknown, so it is not looked up again); returns how many addresses it
 * added. Run after a sync. Progress per table is kept in fts_progress, so a sync that adds a few
 * events reads only those rows, not the whole log (10 million request log entries).
 */
export function refreshIpCountries(
  db: Database.Database,
  lookup: CountryLookup = countryLookupFor(db),
): number {
  return createIpCountryStore(db).placeNewAddresses((ip) => lookup(ip) ?? null)
}
