// Keyed pseudonyms of e-mail addresses and IP addresses inside any text (issue 7, item 3): the
// same address gets the same pseudonym under one key, an unrelated one under another, and the
// key cannot be recovered from them (HMAC-SHA-256).
import { createHmac } from 'node:crypto'
import { parseIpAddress } from '../../shared/ip-address'

/** Replacements made so far, by kind. */
export type PseudonymCounts = { emails: number; ips: number }

// Unicode letters and digits too, so internationalised addresses are caught as well. The `@` may
// be URL-encoded (`ana%40acme.example` in a request path or query): such a local part stops at
// the characters that delimit URL parts (`/ ? & =`), so the path around it stays readable.
const emailPattern =
  /(?:([\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]+)@|([\p{L}\p{N}.!$'()*+_~%-]+)%40)([\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*)/gu
// A run of hex digits, colons and dots holding a colon, wherever it is (`ip:2001:db8::7` too):
// the addresses inside it are found by ipv6In and checked with the shared IP parser.
const ipv6Run = /[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*/g
const octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'
const ipv4Pattern = new RegExp(`(?<![0-9])${octet}(?:\\.${octet}){3}(?![0-9])`, 'g')
const longestIpv6 = 45

/** Where the first IPv6 address inside `run` (a run of `ipv6Run`) lies, or undefined. It starts
 * at the run's start when `isGlued` is false (no letter or digit just before the run), or right
 * after a colon (`ip:2001:db8::7`, `ip:::1`), never inside a group; it ends at the run's end or
 * before a `:` or `.`, so `10:15:30`, `std::abs` and a bare `::` are left alone. */
function ipv6In(run: string, isGlued: boolean, from: number): [number, number] | undefined {
  for (let start = from; start < run.length; start += 1) {
    const isStart = start === 0 ? !isGlued : run[start - 1] === ':'
    if (!isStart) continue
    for (let end = Math.min(run.length, start + longestIpv6); end > start + 1; end -= 1) {
      if (end < run.length && run[end] !== ':' && run[end] !== '.') continue
      const candidate = run.slice(start, end)
      if (
        candidate.includes(':') &&
        /[0-9A-Fa-f]/.test(candidate) &&
        parseIpAddress(candidate) !== undefined
      )
        return [start, end]
    }
  }
  return undefined
}

/** A URL-encoded local part as its plain text (as it is when it is not valid encoding). */
function decoded(local: string): string {
  try {
    return decodeURIComponent(local)
  } catch {
    return local
  }
}

/** A pseudonymiser under `key`: `text()` replaces every address in a string and counts it. */
export function createPseudonymiser(key: Buffer) {
  const counts: PseudonymCounts = { emails: 0, ips: 0 }
  const digest = (kind: string, value: string): string =>
    createHmac('sha256', key).update(`${kind}\u0000${value}`, 'utf8').digest('hex').slice(0, 16)
  let isCounting = true
  const email = (
    _match: string,
    plain: string | undefined,
    encoded: string | undefined,
    domain: string,
  ): string => {
    if (isCounting) counts.emails += 1
    // An encoded address gets the pseudonym of the plain one, written the same way.
    const at = plain === undefined ? '%40' : '@'
    const address = `${plain ?? decoded(encoded ?? '')}@${domain}`.toLowerCase()
    return `user-${digest('email', address)}${at}pseudonym.invalid`
  }
  const ip = (address: string): string => {
    if (isCounting) counts.ips += 1
    return `ip-${digest('ip', address.toLowerCase())}`
  }
  const ipv6 = (run: string, offset: number, whole: string): string => {
    const isGlued = offset > 0 && /[0-9A-Za-z]/.test(whole[offset - 1] ?? '')
    let out = ''
    let done = 0
    for (let found = ipv6In(run, isGlued, 0); found !== undefined;) {
      const [start, end] = found
      out += `${run.slice(done, start)}${ip(run.slice(start, end))}`
      done = end
      found = ipv6In(run, true, end + 1)
    }
    return out + run.slice(done)
  }
  return {
    /** `value` with every e-mail address and IP address replaced by its pseudonym; counted
     * unless `isCounted` is false (a value repeated elsewhere that was counted there). */
    text(value: string, isCounted = true): string {
      isCounting = isCounted
      return value.replace(emailPattern, email).replace(ipv6Run, ipv6).replace(ipv4Pattern, ip)
    },
    counts: (): PseudonymCounts => ({ ...counts }),
  }
}
