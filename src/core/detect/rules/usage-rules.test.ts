import { afterEach, describe, expect, it } from 'vitest'
import { dayMs, hourMs } from '../baseline'
import {
  addressIn,
  makeDetectCache,
  spread,
  findingsOf,
  testEpoch,
  type DetectCache,
  type TestRequest,
} from '../test-support'

let cache: DetectCache | undefined
afterEach(() => {
  cache?.close()
  cache = undefined
})

const open = (): DetectCache => (cache = makeDetectCache())
const day = (n: number) => testEpoch + n * dayMs

/** `perHour` requests of a key in every hour of [fromDay, toDay), from its two usual addresses. */
function steady(key: string, fromDay: number, toDay: number, perHour: number): TestRequest[] {
  const requests: TestRequest[] = []
  for (let hour = fromDay * 24; hour < toDay * 24; hour++)
    requests.push(
      ...spread(perHour, testEpoch + hour * hourMs, hourMs, (at, index) => ({
        at,
        key,
        ip: addressIn('US', index % 2),
      })),
    )
  return requests
}

describe('API usage spikes', () => {
  it('reports an hour far above the key’s median for that hour of day, with the figures', () => {
    const target = open()
    target.add([], steady('crm', 0, 10, 12))
    target.add(
      [],
      spread(200, day(10) + 15 * hourMs, hourMs, (at) => ({ at, key: 'crm' })),
    )
    const found = findingsOf(target, 'api-usage-spike')
    expect(found).toHaveLength(1)
    expect(found[0]?.measurements).toMatchObject({
      requests: 200,
      baselineMedian: 12,
      threshold: 60,
    })
    expect(found[0]?.apiKeys).toEqual([{ id: 'key_crm', label: 'crm key (…9f2c)' }])
    expect(found[0]?.evidence.requestLogs).toBe(200)
    expect(found[0]?.explanation).toContain('16.7 × its median of 12')
  })

  it('counts every request of an hour beyond the evidence cap, flags it cut and ends at the last', () => {
    const target = open()
    target.add([], steady('crm', 0, 10, 12))
    const start = day(10) + 15 * hourMs
    const burst = spread(12_000, start, hourMs, (at) => ({ at, key: 'crm', ip: addressIn('UA') }))
    target.add([], burst)
    const last = burst.at(-1)?.at ?? 0
    const [spike] = findingsOf(target, 'api-usage-spike')
    expect(spike?.evidence).toMatchObject({ requestLogs: 10_000, isTruncated: true })
    expect([spike?.windowStart, spike?.windowEnd]).toEqual([start, last])
    expect(spike?.measurements.requests).toBe(12_000)
    expect(spike?.explanation).toContain('made 12,000 requests in the hour')
    const [address] = findingsOf(target, 'api-key-new-ip')
    expect(address?.evidence).toMatchObject({ requestLogs: 10_000, isTruncated: true })
    expect([address?.windowStart, address?.windowEnd]).toEqual([start, last])
    expect(address?.measurements.requests).toBe(12_000)
    expect(address?.explanation).toContain('12,000 requests from them in that hour')
  })

  it('waits for the learning days and ignores usual peaks', () => {
    const target = open()
    // A new key at full volume at once, and a key whose 16:00 hour is always busy.
    target.add(
      [],
      spread(300, day(2) + 9 * hourMs, hourMs, (at) => ({ at, key: 'fresh' })),
    )
    const busy: TestRequest[] = []
    for (let each = 0; each < 12; each++)
      busy.push(...spread(400, day(each) + 16 * hourMs, hourMs, (at) => ({ at, key: 'batch' })))
    target.add([], [...steady('batch', 0, 12, 5), ...busy])
    expect(findingsOf(target, 'api-usage-spike')).toEqual([])
  })
})

describe('API key used from a new address', () => {
  it('reports the addresses a key never used, grouped by the hour they appeared', () => {
    const target = open()
    target.add([], steady('crm', 0, 9, 2))
    const leak = [addressIn('UA'), addressIn('UA', 1)]
    target.add(
      [],
      spread(20, day(9) + 15 * hourMs, hourMs, (at, index) => ({
        at,
        key: 'crm',
        ip: leak[index % 2] ?? null,
      })),
    )
    const found = findingsOf(target, 'api-key-new-ip')
    expect(found).toHaveLength(1)
    expect(found[0]?.severity).toBe('high')
    expect([...(found[0]?.ipAddresses ?? [])].sort()).toEqual([...leak].sort())
    expect(found[0]?.evidence.requestLogs).toBe(20)
    expect(found[0]?.explanation).toContain('Ukraine (UA)')
    expect(found[0]?.explanation).toContain('Until then it was used from 2 addresses in US')
  })

  it('learns a new key’s addresses first, and ignores requests without a key', () => {
    const target = open()
    target.add([], [...steady('young', 0, 3, 2), { at: day(3), key: 'young', ip: addressIn('FR') }])
    target.add([], [{ at: day(20), key: null, ip: addressIn('BR') }])
    expect(findingsOf(target, 'api-key-new-ip')).toEqual([])
  })
})
