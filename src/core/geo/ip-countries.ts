// The country of each IP address in the cache, from the offline IP-to-country database shipped
// as an npm package (@ip-location-db/geo-whois-asn-country-mmdb, CC BY 4.0 by the NRO), read with
// maxmind. Results land in ip_countries, which the `country` filter reads (filter-sql.ts).
import fs from 'node:fs'
import { createRequire } from 'node:module'
import type Database from 'better-sqlite3'
import { Reader, type Response } from 'maxmind'
import { createIpCountryStore } from '../store/ip-country-store'
import {
  readCountryDatabaseChoice,
  replaceAllCountries,
  writeCountryDatabaseChoice,
} from './country-database-store'
import { checkCountryFile, countryCodeOf } from './country-file'
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
  return lookupOver(new Reader<Response>(fs.readFileSync(file)))
}

function lookupOver(reader: Reader<Response>): CountryLookup {
  return (ip) => {
    const bytes = parseIpAddress(ip)
    if (bytes === undefined || specialPurpose.some((block) => isInCidr(bytes, block)))
      return undefined
    // An IPv4-mapped IPv6 address is looked up as the IPv4 address it carries.
    const address = bytes.length === 4 ? bytes.join('.') : ip
    try {
      return countryCodeOf(reader.get(address))
    } catch {
      // A damaged tree or record: this address stays unplaced, the others are still looked up.
      return undefined
    }
  }
}

export { countryCodeOf }

let packagedLookup: CountryLookup | undefined
let chosenLookup: { reader: Reader<Response>; lookup: CountryLookup } | undefined

/**
 * The lookup of the country database the cache's setting names (see country-database.ts),
 * opened once while the file stays the same. A chosen file rewritten in place (geoipupdate
 * updates GeoLite2 so) is checked again: still a country database, it is a new choice of the
 * same file (its hash recorded, every address placed again with it); no longer one (or gone),
 * the packaged database places addresses meanwhile and Settings says why.
 */
export function countryLookupFor(db: Database.Database): CountryLookup {
  const choice = readCountryDatabaseChoice(db)
  if (choice === null) return packagedCountryLookup()
  const check = checkCountryFile(choice.file)
  if (!check.ok) return packagedCountryLookup()
  if (chosenLookup?.reader !== check.reader)
    chosenLookup = { reader: check.reader, lookup: lookupOver(check.reader) }
  const { lookup } = chosenLookup
  if (check.inspected.sha256 !== choice.sha256)
    db.transaction(() => {
      writeCountryDatabaseChoice(db, { ...choice, sha256: check.inspected.sha256 })
      replaceAllCountries(db, (ip) => lookup(ip) ?? null)
    }).immediate()
  return lookup
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
