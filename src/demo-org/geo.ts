// Country-consistent IP addresses: every member and integration uses addresses that the bundled
// offline database (@ip-location-db/geo-whois-asn-country-mmdb) places in their home country.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { Reader, type Response } from 'maxmind'
import type { Random } from './random'

const mmdbModule = '@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb'

/** Looks up countries and draws fresh addresses in a wanted country. */
export type Geo = {
  /** ISO country code of an address, or null when the database does not know it. */
  countryOf(ip: string): string | null
  /** A new address (never handed out before) in `country`, drawn with `random`. */
  addressIn(country: string, random: Random): string
}

let sharedReader: Reader<Response> | undefined

/** Path of the bundled IP-to-country database. */
export function mmdbPath(): string {
  return createRequire(import.meta.url).resolve(mmdbModule)
}

/** Opens the bundled database (once per process) and returns a Geo over it. */
export function openGeo(): Geo {
  sharedReader ??= new Reader<Response>(fs.readFileSync(mmdbPath()))
  const reader = sharedReader
  const used = new Set<string>()
  const countryOf = (ip: string): string | null => {
    // This database's records are {country_code}, a shape mmdb-lib's types do not list.
    const record: unknown = reader.get(ip)
    if (typeof record !== 'object' || record === null || !('country_code' in record)) return null
    return typeof record.country_code === 'string' ? record.country_code : null
  }
  return {
    countryOf,
    addressIn(country, random) {
      for (let attempt = 0; attempt < 2_000_000; attempt++) {
        const ip = randomPublicIpv4(random)
        if (!used.has(ip) && countryOf(ip) === country) {
          used.add(ip)
          return ip
        }
      }
      throw new Error(`The IP database has no address for country ${country}`)
    },
  }
}

function randomPublicIpv4(random: Random): string {
  let first = random.int(1, 223)
  while (first === 10 || first === 127 || first === 100 || first === 169 || first === 172) {
    first = random.int(1, 223)
  }
  return `${first}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`
}
