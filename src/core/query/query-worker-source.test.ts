import vm from 'node:vm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isInCidr, parseCidr, parseIpAddress } from '../../shared/ip-address'
import { tallyFacets } from './event-query'
import { ipInCidrSource, tallyFacetsSource } from './query-worker-source'

type Ported = {
  ipInCidr: (ip: unknown, cidr: unknown) => number | null
  tallyFacets: (rows: unknown[][], shape: unknown, limit: number, maxRows: number) => unknown
}

// The worker's source, evaluated in this realm so its arrays and objects compare as ours do.
const ported = vm.runInThisContext(
  `(() => { ${ipInCidrSource}\n${tallyFacetsSource}\nreturn { ipInCidr, tallyFacets } })()`,
) as Ported // the object the source returns

/** The original: sql-functions.ts over shared/ip-address.ts. */
const original = (ip: string, cidr: string): number => {
  const bytes = parseIpAddress(ip)
  const block = parseCidr(cidr)
  return bytes !== undefined && block !== undefined && isInCidr(bytes, block) ? 1 : 0
}

const octet = fc.integer({ min: 0, max: 255 })
const ipv4 = fc.tuple(octet, octet, octet, octet).map((parts) => parts.join('.'))
const group = fc.integer({ min: 0, max: 0xffff }).map((value) => value.toString(16))
const ipv6 = fc.oneof(
  fc.array(group, { minLength: 8, maxLength: 8 }).map((groups) => groups.join(':')),
  fc
    .tuple(fc.array(group, { maxLength: 3 }), fc.array(group, { maxLength: 3 }))
    .map(([head, tail]) => `${head.join(':')}::${tail.join(':')}`),
  ipv4.map((address) => `::ffff:${address}`),
)
const address = fc.oneof(ipv4, ipv6, fc.string({ maxLength: 20 }), fc.constantFrom('', '01.2.3.4'))
const block = fc.oneof(
  fc
    .tuple(address, fc.integer({ min: 0, max: 130 }))
    .map(([ip, prefix]) => `${ip}/${String(prefix)}`),
  fc.string({ maxLength: 20 }),
)

describe('the worker source', () => {
  it('tests CIDR membership exactly as ip_in_cidr on the main thread', () => {
    fc.assert(
      fc.property(address, block, (ip, cidr) => {
        expect(ported.ipInCidr(ip, cidr)).toBe(original(ip, cidr))
      }),
      { numRuns: 2000 },
    )
    // Blocks around the address itself, so that members are common too.
    fc.assert(
      fc.property(fc.oneof(ipv4, ipv6), fc.integer({ min: 0, max: 128 }), (ip, prefix) => {
        const cidr = `${ip}/${String(prefix)}`
        expect(ported.ipInCidr(ip, cidr)).toBe(original(ip, cidr))
      }),
      { numRuns: 1000 },
    )
    expect(ported.ipInCidr('203.0.113.9', '203.0.113.0/24')).toBe(1)
    expect(ported.ipInCidr('::ffff:203.0.113.9', '203.0.113.0/24')).toBe(1)
    expect(ported.ipInCidr('2001:db8::1', '2001:db8::/32')).toBe(1)
    expect(ported.ipInCidr(null, '203.0.113.0/24')).toBeNull()
    expect(ported.ipInCidr(7, '203.0.113.0/24')).toBe(0)
  })

  it('counts facet values exactly as tallyFacets', () => {
    const value = fc.oneof(
      fc.constantFrom('a', 'b', 'c', 'd'),
      fc.integer({ min: 200, max: 204 }),
      fc.constant(null),
    )
    const row = fc.array(value, { minLength: 8, maxLength: 8 })
    const shape = [
      { field: 'endpoint', isLabelled: false },
      { field: 'status', isLabelled: false },
      { field: 'method', isLabelled: false },
      { field: 'key', isLabelled: true },
    ]
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 60 }),
        fc.integer({ min: 1, max: 5 }),
        (rows, limit) => {
          expect(ported.tallyFacets(rows, shape, limit, 50)).toEqual(
            tallyFacets('request-logs', rows, limit, 50),
          )
        },
      ),
    )
  })
})
