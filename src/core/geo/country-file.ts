// Checks a MaxMind-format country database file: it must open as MMDB and place well-known
// public addresses in countries. The answer (with the opened reader) is kept per path while the
// file's size, times and inode stay the same, so asking again (Settings, every lookup) neither
// reads nor hashes the file again (up to 512 MB); a file rewritten in place is checked anew.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { Reader, type Response } from 'maxmind'

/** The largest file accepted: GeoLite2-City is about 70 MB, country databases under 10 MB. */
const maxDatabaseBytes = 512 * 1024 * 1024

/** How many files' answers are kept (the chosen one, the packaged one, a few just inspected). */
const keptChecks = 4

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

/** A usable file (with its opened reader), or why it cannot be used. */
export type CountryFileCheck =
  { ok: true; inspected: InspectedDatabase; reader: Reader<Response> } | { ok: false; why: string }

const checks = new Map<string, { version: string; check: CountryFileCheck }>()

/** Checks `file`, or answers from the last check while the file is unchanged. */
export function checkCountryFile(file: string): CountryFileCheck {
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch {
    return { ok: false, why: 'it cannot be read (check the path and its permissions)' }
  }
  if (!stat.isFile()) return { ok: false, why: 'it is not a file' }
  if (stat.size > maxDatabaseBytes) return { ok: false, why: 'it is larger than 512 MB' }
  const version = [stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino].join(':')
  const known = checks.get(file)
  if (known?.version === version) return known.check
  const check = inspect(file)
  checks.delete(file)
  checks.set(file, { version, check })
  for (const oldest of checks.keys()) {
    if (checks.size <= keptChecks) break
    checks.delete(oldest)
  }
  return check
}

function inspect(file: string): CountryFileCheck {
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(file)
  } catch {
    return { ok: false, why: 'it cannot be read (check the path and its permissions)' }
  }
  let reader: Reader<Response>
  try {
    reader = new Reader<Response>(bytes)
  } catch {
    return { ok: false, why: 'it is not an MMDB database' }
  }
  const placed = probeAddresses.filter((ip) => {
    try {
      return countryCodeOf(reader.get(ip)) !== undefined
    } catch {
      return false
    }
  })
  if (placed.length < 3)
    return {
      ok: false,
      why: 'it gives no country code (country_code or country.iso_code) for well-known public addresses',
    }
  const built = reader.metadata.buildEpoch.getTime()
  return {
    ok: true,
    reader,
    inspected: {
      file,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      databaseType: reader.metadata.databaseType || null,
      builtAt: Number.isFinite(built) ? built : null,
    },
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
