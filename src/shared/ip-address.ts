// IP addresses and CIDR blocks, parsed strictly by hand (pure TypeScript, no node:net), so the
// filter model can validate `ip:203.0.113.0/24` and the core can test stored addresses against it.

/** An address as bytes: 4 for IPv4 (IPv4-mapped IPv6 included), 16 for IPv6. */
export type IpBytes = readonly number[]

/** A CIDR block: the network's bytes and how many leading bits must match. */
export type Cidr = { bytes: IpBytes; prefix: number }

const maxTextLength = 64

/** Parses dotted-quad IPv4 (no leading zeros, which some tools read as octal). */
function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  const bytes: number[] = []
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined
    const value = Number(part)
    if (value > 255) return undefined
    bytes.push(value)
  }
  return bytes
}

/** Parses hex groups (one side of `::`) into 16-bit values; an IPv4 tail counts as two groups. */
function parseGroups(text: string, isLast: boolean): number[] | undefined {
  if (text === '') return []
  const groups: number[] = []
  const parts = text.split(':')
  for (const [index, part] of parts.entries()) {
    if (isLast && index === parts.length - 1 && part.includes('.')) {
      const tail = parseIpv4(part)
      if (tail === undefined) return undefined
      const [a = 0, b = 0, c = 0, d = 0] = tail
      groups.push(a * 256 + b, c * 256 + d)
      continue
    }
    if (!/^[0-9A-Fa-f]{1,4}$/.test(part)) return undefined
    groups.push(Number.parseInt(part, 16))
  }
  return groups
}

/** Parses IPv6 text (with `::` and an optional IPv4 tail; no zone) into 16 bytes. */
function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const head = parseGroups(halves[0] ?? '', halves.length === 1)
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '', true) : []
  if (head === undefined || tail === undefined) return undefined
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail]
  return groups.flatMap((group) => [group >> 8, group & 0xff])
}

const isIpv4Mapped = (bytes: readonly number[]): boolean =>
  bytes.length === 16 &&
  bytes.slice(0, 10).every((byte) => byte === 0) &&
  bytes[10] === 0xff &&
  bytes[11] === 0xff

/**
 * The bytes of an IPv4 or IPv6 address, or undefined when `text` is not one. IPv4-mapped IPv6
 * (`::ffff:203.0.113.7`) yields the IPv4 bytes, so it matches IPv4 blocks.
 */
export function parseIpAddress(text: string): IpBytes | undefined {
  if (text.length === 0 || text.length > maxTextLength) return undefined
  if (!text.includes(':')) return parseIpv4(text)
  const bytes = parseIpv6(text)
  if (bytes === undefined) return undefined
  return isIpv4Mapped(bytes) ? bytes.slice(12) : bytes
}

/**
 * Parses `address/prefix` (prefix 0-32 for IPv4, 0-128 for IPv6); host bits may be set and are
 * ignored. An IPv4-mapped IPv6 block of /96 or longer becomes the IPv4 block it covers.
 */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/')
  if (slash < 0 || text.length > maxTextLength) return undefined
  const prefixText = text.slice(slash + 1)
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText)) return undefined
  const prefix = Number(prefixText)
  const address = text.slice(0, slash)
  const isIpv6 = address.includes(':')
  const bytes = isIpv6 ? parseIpv6(address) : parseIpv4(address)
  if (bytes === undefined || prefix > bytes.length * 8) return undefined
  if (isIpv4Mapped(bytes) && prefix >= 96) return { bytes: bytes.slice(12), prefix: prefix - 96 }
  return { bytes, prefix }
}

/** True when `bytes` lies inside `block` (same family, equal leading `prefix` bits). */
export function isInCidr(bytes: IpBytes, block: Cidr): boolean {
  if (bytes.length !== block.bytes.length) return false
  const whole = Math.floor(block.prefix / 8)
  for (let index = 0; index < whole; index++) {
    if (bytes[index] !== block.bytes[index]) return false
  }
  const rest = block.prefix % 8
  if (rest === 0) return true
  const mask = (0xff << (8 - rest)) & 0xff
  return ((bytes[whole] ?? 0) & mask) === ((block.bytes[whole] ?? 0) & mask)
}
