// The country database setting: the packaged @ip-location-db/geo-whois-asn-country-mmdb by
// default, or a newer MaxMind-format file the user points at (GeoLite2-Country, a fresher
// ip-location-db release). A file is checked before it is used (it must open as MMDB and place
// well-known public addresses in countries), and every known address is placed again when the
// database changes, so the country filter and the location detections follow it.
import path from 'node:path'
import type Database from 'better-sqlite3'
import type { CountryDatabaseInfo } from '../../shared/findings-schemas'
import { CoreError } from '../errors'
import {
  countPlacedAddresses,
  readCountryDatabaseChoice,
  replaceAllCountries,
  writeCountryDatabaseChoice,
} from './country-database-store'
import { checkCountryFile, type InspectedDatabase } from './country-file'
import { countryLookupFor, defaultCountryDatabaseFile } from './ip-countries'

export type { InspectedDatabase }

const unusable = (file: string, why: string): CoreError =>
  new CoreError(
    'invalid_input',
    `${path.basename(file)} cannot be used as the country database: ${why}. Choose a MaxMind-format country file (.mmdb), such as GeoLite2-Country.mmdb or an ip-location-db country .mmdb.`,
  )

/**
 * Checks that `file` is an MMDB country database; throws invalid_input naming what is wrong.
 * Answered from the last check while the file is unchanged (country-file.ts).
 */
export function inspectCountryDatabase(file: string): InspectedDatabase {
  const check = checkCountryFile(file)
  if (!check.ok) throw unusable(file, check.why)
  return check.inspected
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
  // Brings a chosen file rewritten in place up to date first (a new choice when still usable).
  countryLookupFor(db)
  const choice = readCountryDatabaseChoice(db)
  const counts = countPlacedAddresses(db)
  const file = choice?.file ?? defaultCountryDatabaseFile()
  const check = checkCountryFile(file)
  const inspected = check.ok ? check.inspected : undefined
  let problem: string | null = null
  if (!check.ok)
    problem =
      choice === null
        ? `The packaged country database ${file} cannot be used: ${check.why}. Reinstall Audit Desk.`
        : `The chosen country database ${file} cannot be used: ${check.why}. The packaged database is used meanwhile; fix the file or choose another (.mmdb with country codes).`
  else if (choice !== null && check.inspected.sha256 !== choice.sha256)
    problem =
      'The file changed since it was chosen; choose it again to place every address with it.'
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
