import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
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
import { countryCodeOf, defaultCountryDatabaseFile, refreshIpCountries } from './ip-countries'

let cache: DetectCache | undefined
afterEach(() => {
  vi.restoreAllMocks()
  cache?.close()
  cache = undefined
})
const stamp = { author: 'Rita', at: testEpoch }

/** The packaged package's IPv4-only or IPv6-only file: valid MMDB with other contents. */
const packagedVariant = (version: 'ipv4' | 'ipv6') =>
  path.join(path.dirname(defaultCountryDatabaseFile()), `geo-whois-asn-country-${version}.mmdb`)
const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex')
const countryOf = (target: DetectCache, ip: string) =>
  target.db
    .prepare<[string], { country: string | null }>('SELECT country FROM ip_countries WHERE ip = ?')
    .get(ip)?.country

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

  it('checks a chosen file rewritten in place again: still a country database, it places every address', () => {
    const target = (cache = makeDetectCache())
    // The IPv4-only file places this IPv6 address (Yandex) in HK, the full one in RU.
    const ipv6 = '2a02:6b8::1'
    target.add([{ at: testEpoch, ip: ipv6 }])
    const file = path.join(target.directory, 'GeoLite2-Country.mmdb')
    fs.copyFileSync(packagedVariant('ipv4'), file)
    chooseCountryDatabase(target.db, file, stamp)
    refreshIpCountries(target.db)
    expect(countryOf(target, ipv6)).toBe('HK')
    // geoipupdate rewrites the file in place with a newer (here: a fuller) database.
    fs.copyFileSync(defaultCountryDatabaseFile(), file)
    target.add([{ at: testEpoch + 1, ip: addressIn('DE') }])
    refreshIpCountries(target.db)
    expect(countryOf(target, ipv6)).toBe('RU')
    expect(countryOf(target, addressIn('DE'))).toBe('DE')
    expect(readCountryDatabaseChoice(target.db)).toMatchObject({
      file,
      sha256: sha256Of(defaultCountryDatabaseFile()),
      chosenBy: 'Rita',
    })
    expect(countryDatabaseInfo(target.db, true)).toMatchObject({
      source: 'file',
      file,
      problem: null,
      addresses: 2,
      placed: 2,
    })
  })

  it('places with the packaged database while the chosen file is rewritten with one without countries, and says why', () => {
    const target = (cache = makeDetectCache())
    const file = path.join(target.directory, 'GeoLite2-Country.mmdb')
    fs.copyFileSync(defaultCountryDatabaseFile(), file)
    chooseCountryDatabase(target.db, file, stamp)
    // A valid MMDB that places none of the well-known IPv4 addresses.
    fs.copyFileSync(packagedVariant('ipv6'), file)
    target.add([{ at: testEpoch, ip: addressIn('JP') }])
    refreshIpCountries(target.db)
    expect(countryOf(target, addressIn('JP'))).toBe('JP')
    const info = countryDatabaseInfo(target.db, true)
    expect(info).toMatchObject({ source: 'file', file })
    expect(info.problem).toContain(
      `The chosen country database ${file} cannot be used: it gives no country code`,
    )
    expect(info.problem).toContain('The packaged database is used meanwhile')
    // The file restored: it is used again, without a problem.
    fs.copyFileSync(defaultCountryDatabaseFile(), file)
    expect(countryDatabaseInfo(target.db, true).problem).toBeNull()
  })

  it('reads and hashes an unchanged file once, however often Settings asks', () => {
    const target = (cache = makeDetectCache())
    const file = path.join(target.directory, 'GeoLite2-Country.mmdb')
    fs.copyFileSync(defaultCountryDatabaseFile(), file)
    const sha256 = sha256Of(file)
    const reads = vi.spyOn(fs, 'readFileSync')
    const readsOfFile = () => reads.mock.calls.filter(([read]) => read === file).length
    chooseCountryDatabase(target.db, file, stamp)
    const first = countryDatabaseInfo(target.db, true)
    expect(countryDatabaseInfo(target.db, true)).toEqual(first)
    expect(inspectCountryDatabase(file).sha256).toBe(sha256)
    expect(readsOfFile()).toBe(1)
    // Touched (a new modification time): checked again.
    fs.utimesSync(file, new Date(testEpoch), new Date(testEpoch))
    expect(countryDatabaseInfo(target.db, true).problem).toBeNull()
    expect(readsOfFile()).toBe(2)
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
