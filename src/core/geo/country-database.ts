// The country database setting: the packaged @ip-location-db/geo-whois-asn-country-mmdb by
// default, or a newer MaxMind-format file the user points at (GeoLite2-Country, a fresher
// ip-location-db release). A file is checked before it is used (it must open as MMDB and place
// well-known public addresses in countries), and every known address is placed again when the
// database changes, so the country filter and the location detections follow it.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type Database from 'better-sqlite3'
import { Reader, type Response } from 'maxmind'
import type { CountryDatabaseInfo } from '../../shared/findings-schemas'
import { CoreError } from '../errors'
import {
  countPlacedAddresses,
  readCountryDatabaseChoice,
  replaceAllCountries,
  writeCountryDatabaseChoice,
} from './country-database-store'
import { countryCodeOf, countryLookupFor, defaultCountryDatabaseFile } from './ip-countries'

/** The largest file accepted: GeoLite2-City is about 70 MB, country databases under 10 MB. */
const maxDatabaseBytes = 512 * 1024 * 1024

// Public resolvers on several continents: any country database places most of them.
const probeAddresses = [
  '8.8.8.8',
  '1.1.1.1',
  '9.9.9.9',
  '208.67.222.222',
  '77.88.8.8',
  '114.114.114.114',
  '180.76.76.76',
  '80.80.80.80',
  '200.221.11.100',
  '2001:4860:4860::8888',
]

/** What a checked database file is. */
export type InspectedDatabase = {
  file: string
  sha256: string
  databaseType: string | null
  builtAt: number | null
}

const unusable = (file: string, why: string): CoreError =>
  new CoreError(
    'invalid_input',
    `${path.basename(file)} cannot be used as the country database: ${why}. Choose a MaxMind-format country file (.mmdb), such as GeoLite2-Country.mmdb or an ip-location-db country .mmdb.`,
  )

/** Checks that `file` is an MMDB country database; throws invalid_input naming what is wrong. */
export function inspectCountryDatabase(file: string): InspectedDatabase {
  let bytes: Buffer
  try {
    const stat = fs.statSync(file)
    if (!stat.isFile()) throw unusable(file, 'it is not a file')
    if (stat.size > maxDatabaseBytes) throw unusable(file, 'it is larger than 512 MB')
    bytes = fs.readFileSync(file)
  } catch (cause) {
    if (cause instanceof CoreError) throw cause
    throw unusable(file, 'it cannot be read (check the path and its permissions)')
  }
  let reader: Reader<Response>
  try {
    reader = new Reader<Response>(bytes)
  } catch {
    throw unusable(file, 'it is not an MMDB database')
  }
  const placed = probeAddresses.filter((ip) => {
    try {
      return countryCodeOf(reader.get(ip)) !== undefined
    } catch {
      return false
    }
  })
  if (placed.length < 3)
    throw unusable(
      file,
      'it gives no country code (country_code or country.iso_code) for well-known public addresses',
    )
  const built = reader.metadata.buildEpoch.getTime()
  return {
    file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    databaseType: reader.metadata.databaseType || null,
    builtAt: Number.isFinite(built) ? built : null,
  }
}

/**
 * Uses `file` as the country database from now on (after checking it) and places every known
 * address again; does nothing more when the same file (same contents) is already chosen.
 */
export function chooseCountryDatabase(
  db: Database.Database,
  file: string,
  stamp: { author: string; at: number },
): void {
  const inspected = inspectCountryDatabase(path.resolve(file))
  const current = readCountryDatabaseChoice(db)
  if (current?.file === inspected.file && current.sha256 === inspected.sha256) return
  writeCountryDatabaseChoice(db, {
    file: inspected.file,
    sha256: inspected.sha256,
    chosenAt: stamp.at,
    chosenBy: stamp.author,
  })
  replaceAllCountries(db, lookupOf(db))
}

/** Goes back to the packaged database and places every known address again. */
export function usePackagedCountryDatabase(db: Database.Database): void {
  if (readCountryDatabaseChoice(db) === null) return
  writeCountryDatabaseChoice(db, null)
  replaceAllCountries(db, lookupOf(db))
}

const lookupOf = (db: Database.Database) => {
  const lookup = countryLookupFor(db)
  return (ip: string) => lookup(ip) ?? null
}

/** What identifies the database in use, for knowing when detections must look again. */
export function countryDatabaseIdentity(db: Database.Database): string {
  return readCountryDatabaseChoice(db)?.sha256 ?? 'packaged'
}

/** The database in use as Settings shows it. */
export function countryDatabaseInfo(
  db: Database.Database,
  canChoose: boolean,
): CountryDatabaseInfo {
  const choice = readCountryDatabaseChoice(db)
  const counts = countPlacedAddresses(db)
  const file = choice?.file ?? defaultCountryDatabaseFile()
  let inspected: InspectedDatabase | undefined
  let problem: string | null = null
  try {
    inspected = inspectCountryDatabase(file)
    if (choice !== null && inspected.sha256 !== choice.sha256)
      problem =
        'The file changed since it was chosen; choose it again to place every address with it.'
  } catch (cause) {
    problem =
      cause instanceof CoreError
        ? `${cause.message} The packaged database is used meanwhile.`
        : 'The chosen file cannot be read; the packaged database is used meanwhile.'
  }
  return {
    source: choice === null ? 'packaged' : 'file',
    file: choice?.file ?? null,
    databaseType: inspected?.databaseType ?? null,
    builtAt: inspected?.builtAt ?? null,
    problem,
    addresses: counts.addresses,
    placed: counts.placed,
    canChoose,
  }
}
