// Pure checks for browser mode's HTTP boundary: which requests may reach the core at all.
// Browser mode listens on loopback only, but any web page the user visits can still send
// requests to 127.0.0.1, and DNS rebinding can make a foreign name resolve there. So every
// request must name our host and port, come from our origin (when it says), and carry the token.
import { timingSafeEqual } from 'node:crypto'

/** The cookie carrying the per-launch token; named per port because cookies ignore ports. */
export const tokenCookieName = (port: number): string => `audit_desk_token_${port}`

/** True when the Host header is exactly 127.0.0.1:PORT or localhost:PORT (rebinding defence). */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`
}

/** True when the request has no Origin (same-origin GET, curl) or our own origin. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
}

/** Constant-time comparison of a presented token with the launch token. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  if (presented === undefined) return false
  const a = Buffer.from(presented)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Reads one cookie's value from a Cookie header; undefined when absent or malformed. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined
  for (const part of header.split(';')) {
    const separator = part.indexOf('=')
    if (separator < 0) continue
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim()
  }
  return undefined
}

/** The bearer token of an Authorization header, if it is exactly `Bearer <token>`. */
export function readBearer(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]{1,256})$/.exec(header ?? '')
  return match?.[1]
}
