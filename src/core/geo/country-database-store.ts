// SQL of the country database setting (app_meta 'country_database': the MaxMind-format file the
// user chose instead of the packaged one) and of placing every known address again after a
// change (ip_countries holds each distinct address once).
import type Database from 'better-sqlite3'
import { z } from 'zod'

const settingKey = 'country_database'

const choiceSchema = z
  .object({
    file: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    chosenAt: z.number().int(),
    chosenBy: z.string().min(1),
  })
  .strict()

/** A country database file chosen in place of the packaged one, with its hash when chosen. */
export type CountryDatabaseChoice = z.infer<typeof choiceSchema>

/** The chosen country database, or null for the packaged one (also when the stored value is unreadable). */
export function readCountryDatabaseChoice(db: Database.Database): CountryDatabaseChoice | null {
  const row = db
    .prepare<[string], { value: string }>('SELECT value FROM app_meta WHERE key = ?')
    .get(settingKey)
  if (row === undefined) return null
  try {
    const parsed = choiceSchema.safeParse(JSON.parse(row.value))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Keeps `choice` as the country database, or (null) goes back to the packaged one. */
export function writeCountryDatabaseChoice(
  db: Database.Database,
  choice: CountryDatabaseChoice | null,
): void {
  if (choice === null) {
    db.prepare<[string]>('DELETE FROM app_meta WHERE key = ?').run(settingKey)
    return
  }
  db.prepare<[string, string]>(
    'INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(settingKey, JSON.stringify(choiceSchema.parse(choice)))
}

/**
 * Places every address in ip_countries again with `lookup` (NULL when it gives none), in one
 * transaction; returns how many changed country.
 */
export function replaceAllCountries(
  db: Database.Database,
  lookup: (ip: string) => string | null,
): number {
  const rows = db.prepare<[], { ip: string; country: string | null }>(
    'SELECT ip, country FROM ip_countries ORDER BY ip',
  )
  const update = db.prepare<{ ip: string; country: string | null }>(
    'UPDATE ip_countries SET country = @country WHERE ip = @ip',
  )
  return db
    .transaction(() => {
      const changes: { ip: string; country: string | null }[] = []
      for (const row of rows.all()) {
        const country = lookup(row.ip)
        if (country !== row.country) changes.push({ ip: row.ip, country })
      }
      for (const change of changes) update.run(change)
      return changes.length
    })
    .immediate()
}

/** Distinct addresses placed, and how many of them have a country. */
export function countPlacedAddresses(db: Database.Database): { addresses: number; placed: number } {
  const row = db
    .prepare<[], { addresses: number; placed: number }>(
      'SELECT count(*) AS addresses, count(country) AS placed FROM ip_countries',
    )
    .get()
  return { addresses: row?.addresses ?? 0, placed: row?.placed ?? 0 }
}
