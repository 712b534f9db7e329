import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isInCidr, parseCidr, parseIpAddress } from './ip-address'

const inBlock = (ip: string, cidr: string): boolean => {
  const bytes = parseIpAddress(ip)
  const block = parseCidr(cidr)
  return bytes !== undefined && block !== undefined && isInCidr(bytes, block)
}

/** The oracle: an address's bits as a BigInt. */
const toBigInt = (bytes: readonly number[]): bigint =>
  bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n)

describe('IP addresses and CIDR blocks', () => {
  it('parses IPv4 and IPv6 text strictly', () => {
    expect(parseIpAddress('203.0.113.7')).toEqual([203, 0, 113, 7])
    expect(parseIpAddress('::1')).toEqual([...Array<number>(15).fill(0), 1])
    expect(parseIpAddress('2001:DB8::5')?.slice(0, 4)).toEqual([0x20, 0x01, 0x0d, 0xb8])
    expect(parseIpAddress('::ffff:203.0.113.7')).toEqual([203, 0, 113, 7])
    expect(parseIpAddress('1:2:3:4:5:6:7.8.9.10')).toHaveLength(16)
    for (const bad of [
      '',
      '203.0.113',
      '203.0.113.256',
      '203.0.113.07',
      ' 203.0.113.7',
      '1.2.3.4.5',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      ':1',
      '1:',
      '12345::',
      'fe80::1%eth0',
      '::1.2.3',
      '1.2.3.4::',
      'g::1',
      '__proto__',
    ])
      expect(parseIpAddress(bad), bad).toBeUndefined()
  })

  it('parses CIDR blocks, refusing prefixes beyond the family', () => {
    expect(parseCidr('203.0.113.0/24')).toEqual({ bytes: [203, 0, 113, 0], prefix: 24 })
    expect(parseCidr('2001:db8::/32')?.prefix).toBe(32)
    expect(parseCidr('::ffff:10.0.0.0/104')).toEqual({ bytes: [10, 0, 0, 0], prefix: 8 })
    for (const bad of ['203.0.113.0/33', '203.0.113.0/', '203.0.113.0/024', '::/129', '/8', 'x/8'])
      expect(parseCidr(bad), bad).toBeUndefined()
  })

  it('tests membership on bit boundaries, within one family', () => {
    expect(inBlock('203.0.113.7', '203.0.113.0/24')).toBe(true)
    expect(inBlock('203.0.114.7', '203.0.113.0/24')).toBe(false)
    expect(inBlock('203.0.113.7', '203.0.113.99/24')).toBe(true)
    expect(inBlock('10.0.0.128', '10.0.0.0/25')).toBe(false)
    expect(inBlock('10.0.0.127', '10.0.0.0/25')).toBe(true)
    expect(inBlock('2001:db8:ffff::1', '2001:db8::/32')).toBe(true)
    expect(inBlock('2001:db9::1', '2001:db8::/32')).toBe(false)
    expect(inBlock('203.0.113.7', '::/0')).toBe(false)
    expect(inBlock('::ffff:203.0.113.7', '203.0.113.0/24')).toBe(true)
  })

  it('agrees with a BigInt oracle on random addresses and blocks', () => {
    const family = fc.constantFrom(4, 16)
    const case_ = family.chain((length) =>
      fc.tuple(
        fc.array(fc.nat(255), { minLength: length, maxLength: length }),
        fc.array(fc.nat(255), { minLength: length, maxLength: length }),
        fc.nat(length * 8),
      ),
    )
    fc.assert(
      fc.property(case_, ([address, network, prefix]) => {
        const bits = BigInt(address.length * 8)
        const shift = bits - BigInt(prefix)
        const expected = toBigInt(address) >> shift === toBigInt(network) >> shift
        expect(isInCidr(address, { bytes: network, prefix })).toBe(expected)
      }),
    )
  })

  it('reads back every address written in full or compressed IPv6 form', () => {
    const groups = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 })
    fc.assert(
      fc.property(groups, fc.nat(7), fc.nat(8), (values, from, length) => {
        const hex = values.map((value) => value.toString(16))
        const full = hex.join(':')
        const end = Math.min(8, from + Math.max(1, length))
        const zeroed = values.map((value, index) => (index >= from && index < end ? 0 : value))
        const compressed = `${hex.slice(0, from).join(':')}::${hex.slice(end).join(':')}`
        const expected = (list: number[]) => list.flatMap((value) => [value >> 8, value & 0xff])
        const isMapped = (list: number[]) =>
          list.slice(0, 5).every((value) => value === 0) && list[5] === 0xffff
        if (!isMapped(values)) expect(parseIpAddress(full)).toEqual(expected(values))
        if (!isMapped(zeroed)) expect(parseIpAddress(compressed)).toEqual(expected(zeroed))
      }),
    )
  })
})
