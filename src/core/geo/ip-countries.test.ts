import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadEvents } from '../../../test/helpers/load-events'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { createEventQuery } from '../query/event-query'
import { openDatabase, type OpenDatabase } from '../store/database'
import { auditEventJson, requestLogJson } from '../sync/test-events'
import { defaultCountryDatabaseFile, openCountryLookup, refreshIpCountries } from './ip-countries'

describe('IP countries', () => {
  it('looks addresses up in the packaged offline database', () => {
    const lookup = openCountryLookup()
    expect(lookup('8.8.8.8')).toBe('US')
    expect(lookup('::ffff:8.8.8.8')).toBe('US')
    expect(lookup('77.88.8.8')).toBe('RU')
    expect(lookup('2a02:6b8::1')).toBe('RU')
    expect(lookup('10.0.0.1')).toBeUndefined()
    expect(lookup('192.168.1.1')).toBeUndefined()
    expect(lookup('203.0.113.7')).toBeUndefined()
    expect(lookup('2001:db8::1')).toBeUndefined()
    expect(lookup('::1')).toBeUndefined()
    expect(lookup('not an address')).toBeUndefined()
    expect(lookup('')).toBeUndefined()
  })

  it('leaves an address unplaced when the database cannot read its record', () => {
    const temp = makeTempDir()
    try {
      // A damaged search tree: every lookup in it fails inside maxmind.
      const bytes = fs.readFileSync(defaultCountryDatabaseFile())
      bytes.fill(0xff, 0, 64)
      const file = path.join(temp.dir, 'damaged.mmdb')
      fs.writeFileSync(file, bytes)
      const lookup = openCountryLookup(file)
      expect(lookup('8.8.8.8')).toBeUndefined()
      expect(lookup('2a02:6b8::1')).toBeUndefined()
    } finally {
      temp.remove()
    }
  })

  describe('in a cache', () => {
    let temp: ReturnType<typeof makeTempDir>
    let opened: OpenDatabase
    beforeEach(() => {
      temp = makeTempDir()
      opened = openDatabase(temp.dir, 0)
    })
    afterEach(() => {
      opened.close()
      temp.remove()
    })

    it('records each new address once, unknown ones as NULL, and the country filter reads them', () => {
      loadEvents(
        opened,
        [
          auditEventJson(1, { ip_address: '77.88.8.8' }),
          auditEventJson(2, { ip_address: '8.8.8.8' }),
          auditEventJson(3, { ip_address: '192.168.2.3' }),
          auditEventJson(4, { ip_address: null }),
        ],
        [requestLogJson(1, { ip_address: '77.88.8.8' })],
      )
      expect(refreshIpCountries(opened.db)).toBe(3)
      expect(refreshIpCountries(opened.db)).toBe(0)
      const rows = opened.db
        .prepare<[], { ip: string; country: string | null }>(
          'SELECT ip, country FROM ip_countries ORDER BY ip',
        )
        .all()
      expect(rows).toEqual([
        { ip: '192.168.2.3', country: null },
        { ip: '77.88.8.8', country: 'RU' },
        { ip: '8.8.8.8', country: 'US' },
      ])
      const query = createEventQuery(opened.db)
      expect(query.page('audit-events', { country: 'RU' }, 10).map((row) => row.seq)).toEqual([1])
      expect(query.count('request-logs', { country: 'RU' })).toBe(1)
      expect(query.count('audit-events', { not: { country: 'US' } })).toBe(3)
    })
  })
})
