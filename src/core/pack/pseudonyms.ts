// Keyed pseudonyms of e-mail addresses and IP addresses inside any text (issue 7, item 3): the
// same address gets the same pseudonym under one key, an unrelated one under another, and the
// key cannot be recovered from them (HMAC-SHA-256).
import { createHmac } from 'node:crypto'
import { isIPv6 } from 'node:net'

/** Replacements made so far, by kind. */
export type PseudonymCounts = { emails: number; ips: number }

// Unicode letters and digits too, so internationalised addresses are caught as well.
const emailPattern =
  /[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*/gu
// A run of hex digits, colons and dots holding a colon: tested with isIPv6 (trailing
// punctuation trimmed), so times like 10:15:30 are left alone.
const ipv6Candidate = /(?<![0-9A-Za-z:])[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*/g
const octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'
const ipv4Pattern = new RegExp(`(?<![0-9])${octet}(?:\\.${octet}){3}(?![0-9])`, 'g')

/** A pseudonymiser under `key`: `text()` replaces every address in a string and counts it. */
export function createPseudonymiser(key: Buffer) {
  const counts: PseudonymCounts = { emails: 0, ips: 0 }
  const digest = (kind: string, value: string): string =>
    createHmac('sha256', key).update(`${kind}\u0000${value}`, 'utf8').digest('hex').slice(0, 16)
  let isCounting = true
  const email = (address: string): string => {
    if (isCounting) counts.emails += 1
    return `user-${digest('email', address.toLowerCase())}@pseudonym.invalid`
  }
  const ip = (address: string): string => {
    if (isCounting) counts.ips += 1
    return `ip-${digest('ip', address.toLowerCase())}`
  }
  const ipv6 = (candidate: string): string => {
    // The longest prefix that is an address: `::` may end one, a sentence's `.` or `:` not.
    for (let end = candidate.length; end > 0; end -= 1) {
      const prefix = candidate.slice(0, end)
      if (isIPv6(prefix)) return `${ip(prefix)}${candidate.slice(end)}`
      if (!/[.:]$/.test(prefix)) break
    }
    return candidate
  }
  return {
    /** `value` with every e-mail address and IP address replaced by its pseudonym; counted
     * unless `isCounted` is false (a value repeated elsewhere that was counted there). */
    text(value: string, isCounted = true): string {
      isCounting = isCounted
      return value
        .replace(emailPattern, email)
        .replace(ipv6Candidate, ipv6)
        .replace(ipv4Pattern, ip)
    },
    counts: (): PseudonymCounts => ({ ...counts }),
  }
}
