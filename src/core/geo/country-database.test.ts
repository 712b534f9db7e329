import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runDetections } from '../detect/run-detections'
import { addressIn, makeDetectCache, testEpoch, type DetectCache } from '../detect/test-support'
import { CoreError } from '../errors'
import {
  chooseCountryDatabase,
  countryDatabaseInfo,
  inspectCountryDatabase,
  usePackagedCountryDatabase,
} from './country-database'
import { readCountryDatabaseChoice, replaceAllCountries } from './country-database-store'
import { countryCodeOf, defaultCountryDatabaseFile } from './ip-countries'

let cache: DetectCache | undefined
afterEach(() => {
  cache?.close()
  cache = undefined
})
const stamp = { author: 'Rita', at: testEpoch }

function failure(run: () => unknown): CoreError {
  try {
    run()
  } catch (error) {
    if (error instanceof CoreError) return error
    throw error
  }
  throw new Error('expected a CoreError')
}

describe('the country database setting', () => {
  it('refuses a file that is not a country MMDB, naming the file, the cause and what to choose', () => {
    const target = (cache = makeDetectCache())
    const text = path.join(target.directory, 'countries.mmdb')
    fs.writeFileSync(text, 'ip,country\n8.8.8.8,US\n')
    const notMmdb = failure(() => {
      chooseCountryDatabase(target.db, text, stamp)
    })
    expect(notMmdb.code).toBe('invalid_input')
    expect(notMmdb.message).toContain(
      'countries.mmdb cannot be used as the country database: it is not an MMDB database',
    )
    expect(notMmdb.message).toContain('GeoLite2-Country.mmdb')
    const missing = failure(() => inspectCountryDatabase(path.join(target.directory, 'gone.mmdb')))
    expect(missing.message).toContain('it cannot be read')
    expect(readCountryDatabaseChoice(target.db)).toBeNull()
  })

  it('uses a chosen file, places every address again, and makes the next run a full one', () => {
    cache = makeDetectCache()
    cache.add([{ at: testEpoch, ip: addressIn('DE') }], [{ at: testEpoch, ip: addressIn('US') }])
    expect(runDetections(cache.db, cache.connectionId, testEpoch).isFull).toBe(true)
    expect(runDetections(cache.db, cache.connectionId, testEpoch).isFull).toBe(false)
    const copy = path.join(cache.directory, 'newer-country.mmdb')
    fs.copyFileSync(defaultCountryDatabaseFile(), copy)
    chooseCountryDatabase(cache.db, copy, stamp)
    const info = countryDatabaseInfo(cache.db, false)
    expect(info).toMatchObject({
      source: 'file',
      file: copy,
      problem: null,
      addresses: 2,
      placed: 2,
      canChoose: false,
    })
    expect(info.databaseType).not.toBeNull()
    expect(readCountryDatabaseChoice(cache.db)).toMatchObject({ file: copy, chosenBy: 'Rita' })
    expect(runDetections(cache.db, cache.connectionId, testEpoch).isFull).toBe(true)
    // The file vanishes: the packaged database is used, and Settings says so.
    fs.rmSync(copy)
    expect(countryDatabaseInfo(cache.db, true).problem).toContain(
      'packaged database is used meanwhile',
    )
    usePackagedCountryDatabase(cache.db)
    expect(countryDatabaseInfo(cache.db, true)).toMatchObject({
      source: 'packaged',
      file: null,
      problem: null,
    })
  })

  it('places every known address again with the new lookup', () => {
    cache = makeDetectCache()
    cache.add([
      { at: testEpoch, ip: addressIn('DE') },
      { at: testEpoch + 1, ip: addressIn('JP') },
    ])
    runDetections(cache.db, cache.connectionId, testEpoch)
    expect(replaceAllCountries(cache.db, (ip) => (ip === addressIn('DE') ? 'DE' : 'FR'))).toBe(1)
    const rows = cache.db.prepare('SELECT ip, country FROM ip_countries ORDER BY country').all()
    expect(rows).toEqual([
      { ip: addressIn('DE'), country: 'DE' },
      { ip: addressIn('JP'), country: 'FR' },
    ])
  })

  it('reads the country of MaxMind records and of ip-location-db records', () => {
    expect(countryCodeOf({ country_code: 'NG' })).toBe('NG')
    expect(countryCodeOf({ country: { iso_code: 'DE', names: { en: 'Germany' } } })).toBe('DE')
    expect(countryCodeOf({ registered_country: { iso_code: 'FR' } })).toBe('FR')
    expect(countryCodeOf({ country: { iso_code: 'de' } })).toBeUndefined()
    expect(countryCodeOf({ continent: { code: 'EU' } })).toBeUndefined()
    expect(countryCodeOf(null)).toBeUndefined()
  })
})
