import { afterEach, describe, expect, it } from 'vitest'
import { dayMs, hourMs, minuteMs } from '../baseline'
import { createDetectionSettingsStore } from '../settings-store'
import {
  addressIn,
  makeDetectCache,
  spread,
  findingsOf,
  testEpoch,
  type DetectCache,
  type TestAudit,
} from '../test-support'

let cache: DetectCache | undefined
afterEach(() => {
  cache?.close()
  cache = undefined
})

const open = (): DetectCache => (cache = makeDetectCache())

const day = (n: number) => testEpoch + n * dayMs
const failure = (at: number, actor: string, ip = addressIn('RU')): TestAudit => ({
  at,
  actor,
  ip,
  status: 'failure',
})

describe('failed-login spikes', () => {
  it('reports a burst of failures against one account above the minimum, with the numbers', () => {
    const target = open()
    target.add(
      spread(12, day(20) + 3 * hourMs + 5 * minuteMs, 10 * minuteMs, (at) => failure(at, 'ben')),
    )
    const [found, ...others] = findingsOf(target, 'failed-login-spike-user')
    expect(others).toEqual([])
    expect(found?.actors).toEqual([{ id: 'usr_ben', label: 'ben@acme.example' }])
    expect(found?.evidence.auditEvents).toBe(12)
    expect(found?.measurements).toMatchObject({ failures: 12, threshold: 10, baselineMedian: 0 })
    expect(found?.explanation).toContain('12 failed sign-ins for ben@acme.example')
    expect(found?.explanation).toContain('Threshold 10')
    expect(found?.ipAddresses).toEqual([addressIn('RU')])
  })

  it('counts a burst across an hour boundary in one sliding window (10:55 to 11:04)', () => {
    const target = open()
    const start = day(20) + 10 * hourMs + 55 * minuteMs
    target.add(spread(10, start, 10 * minuteMs, (at) => failure(at, 'ben')))
    for (const ruleId of ['failed-login-spike-user', 'failed-login-spike-ip']) {
      const found = findingsOf(target, ruleId)
      expect(found.map((each) => [each.windowStart, each.windowEnd])).toEqual([
        [start, start + 9 * minuteMs],
      ])
      expect(found[0]?.measurements).toMatchObject({ failures: 10, mostInWindow: 10 })
    }
  })

  it('stays quiet below the minimum, and for an account that always fails that much', () => {
    const target = open()
    target.add(spread(9, day(20), 10 * minuteMs, (at) => failure(at, 'ben')))
    expect(findingsOf(target, 'failed-login-spike-user')).toEqual([])
    // A service account failing 20 times every hour: with a two-day baseline, 30 in an hour on
    // the third day is below 5 × its median of 20 (its first hours, without a baseline, are not).
    createDetectionSettingsStore(target.db).set(
      'failed-login-spike-user',
      { thresholds: { baselineDays: 2 } },
      { author: 'tester', at: 0 },
    )
    const robot = (at: number) => failure(at, 'robot', addressIn('US'))
    target.add(spread(20 * 48, day(30), 2 * dayMs, robot))
    target.add(spread(30, day(32) + 10 * minuteMs, 30 * minuteMs, robot))
    const found = findingsOf(target, 'failed-login-spike-user')
    expect(found.length).toBeGreaterThan(0)
    expect(found.filter((each) => each.windowStart >= day(31))).toEqual([])
  })

  it('keys the address rule by address: one source failing against several accounts', () => {
    const target = open()
    const ip = addressIn('VN')
    target.add(
      spread(15, day(5) + 20 * minuteMs, 20 * minuteMs, (at) =>
        failure(at, at % 2 === 0 ? 'ana' : 'ben', ip),
      ),
    )
    const found = findingsOf(target, 'failed-login-spike-ip')
    expect(found).toHaveLength(1)
    expect(found[0]?.ipAddresses).toEqual([ip])
    expect(found[0]?.measurements.country).toBe('VN')
  })
})

describe('password spraying', () => {
  it('reports one address failing against many accounts, a few tries each', () => {
    const target = open()
    const ip = addressIn('NG')
    const accounts = Array.from({ length: 12 }, (_, index) => `user${String(index)}`)
    target.add(accounts.map((actor, index) => failure(day(9) + index * 40_000, actor, ip)))
    const [found] = findingsOf(target, 'password-spraying')
    expect(found?.actors).toHaveLength(12)
    expect(found?.measurements).toMatchObject({ accounts: 12, failures: 12, mostPerAccount: 1 })
    expect(found?.explanation).toContain(`12 different accounts failed to sign in from ${ip} (NG)`)
  })

  it('counts failures and accounts beyond the evidence cap, and ends the window at the last', () => {
    const target = open()
    const ip = addressIn('NG')
    const start = day(9)
    // The first 10,001 failures come from ten accounts, the rest from five more.
    const spray = spread(12_000, start, hourMs - 1, (at, index) =>
      failure(at, index <= 10_000 ? `u${String(index % 10)}` : `late${String(index % 5)}`, ip),
    )
    target.add(spray)
    const [found] = findingsOf(target, 'password-spraying')
    expect(found?.evidence).toMatchObject({ auditEvents: 10_000, isTruncated: true })
    expect(found?.measurements).toMatchObject({ accounts: 15, failures: 12_000 })
    expect([found?.windowStart, found?.windowEnd]).toEqual([start, spray.at(-1)?.at])
    expect(found?.explanation).toContain('15 different accounts failed to sign in')
    expect(found?.explanation).toContain('12,000 failures in all')
  })

  it('counts accounts across an hour boundary in one sliding window', () => {
    const target = open()
    const ip = addressIn('NG')
    const start = day(9) + 10 * hourMs + 50 * minuteMs
    target.add(
      spread(10, start, 20 * minuteMs, (at, index) => failure(at, `u${String(index)}`, ip)),
    )
    const [found, ...others] = findingsOf(target, 'password-spraying')
    expect(others).toEqual([])
    expect(found?.measurements).toMatchObject({ accounts: 10, failures: 10, mostInWindow: 10 })
    expect(found?.windowStart).toBe(start)
  })

  it('needs the configured number of accounts', () => {
    const target = open()
    const ip = addressIn('NG')
    target.add(
      Array.from({ length: 9 }, (_, index) =>
        failure(day(9) + index * 1000, `u${String(index)}`, ip),
      ),
    )
    expect(findingsOf(target, 'password-spraying')).toEqual([])
    createDetectionSettingsStore(target.db).set(
      'password-spraying',
      { thresholds: { minimumAccounts: 5 } },
      { author: 'tester', at: 0 },
    )
    expect(findingsOf(target, 'password-spraying')).toHaveLength(1)
  })
})

const signIn = (at: number, actor: string, ip: string): TestAudit => ({ at, actor, ip })

describe('sign-ins from a new country', () => {
  it('reports the first sign-in from a country outside the baseline, with what followed from there', () => {
    const target = open()
    target.add(spread(8, day(1), 20 * dayMs, (at) => signIn(at, 'yuki', addressIn('NL'))))
    const away = addressIn('NG')
    target.add([
      signIn(day(25), 'yuki', away),
      { at: day(25) + 5 * minuteMs, actor: 'yuki', ip: away, action: 'template.updated' },
      { at: day(25) + 9 * minuteMs, actor: 'yuki', ip: away, action: 'template.updated' },
      signIn(day(25) + 2 * hourMs, 'yuki', away),
    ])
    const found = findingsOf(target, 'new-country-sign-in')
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({
      severity: 'high',
      windowStart: day(25),
      windowEnd: day(25) + 2 * hourMs,
      ipAddresses: [away],
      measurements: { country: 'NG', baselineSignIns: 8, baselineCountries: 'NL', eventsAfter: 2 },
    })
    expect(found[0]?.evidenceIds.auditEvents).toHaveLength(4)
    expect(found[0]?.explanation).toContain('Nigeria (NG)')
    expect(found[0]?.explanation).toContain('template.updated 2')
  })

  it('needs a baseline: a new user, or a country seen within the baseline, is not reported', () => {
    const target = open()
    target.add([signIn(day(1), 'new', addressIn('NL')), signIn(day(2), 'new', addressIn('NG'))])
    target.add([
      signIn(day(1), 'ana', addressIn('NG')),
      ...spread(6, day(2), 5 * dayMs, (at) => signIn(at, 'ana', addressIn('NL'))),
    ])
    target.add([signIn(day(10), 'ana', addressIn('NG', 1))])
    expect(findingsOf(target, 'new-country-sign-in')).toEqual([])
  })
})

describe('impossible travel', () => {
  it('reports consecutive sign-ins from countries too far apart for the time between them', () => {
    const target = open()
    target.add([
      signIn(day(3), 'kim', addressIn('DE')),
      signIn(day(3) + hourMs, 'kim', addressIn('AU')),
    ])
    const [found] = findingsOf(target, 'impossible-travel')
    expect(found?.measurements).toMatchObject({ fromCountry: 'DE', toCountry: 'AU', hours: 1 })
    expect(Number(found?.measurements.distanceKm)).toBeGreaterThan(12_000)
    expect(found?.explanation).toMatch(/km\/h, faster than the 900 km\/h/)
    expect(found?.evidence.auditEvents).toBe(2)
  })

  it('leaves travel that is possible, and near neighbours, alone', () => {
    const target = open()
    target.add([
      signIn(day(3), 'kim', addressIn('DE')),
      signIn(day(3) + 20 * hourMs, 'kim', addressIn('AU')),
      signIn(day(6), 'lee', addressIn('DE')),
      signIn(day(6) + 10 * minuteMs, 'lee', addressIn('NL')),
    ])
    expect(findingsOf(target, 'impossible-travel')).toEqual([])
  })
})
