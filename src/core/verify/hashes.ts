// The hashes of the verification: ids sorted by their UTF-8 bytes (stats `ids_sha256`) and the
// events' RFC 8785 canonical JSON lines in seq order (digests `events_sha256`).
import { createHash, type Hash } from 'node:crypto'
import canonicalize from 'canonicalize'

/** SHA-256 of the empty string: the hash of an empty day. */
export const emptySha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

/**
 * Orders strings by the bytes of their UTF-8 encoding (= by code point), unlike the default JS
 * sort, which compares UTF-16 code units and puts astral characters before U+E000..U+FFFF.
 */
export function compareUtf8(left: string, right: string): number {
  const length = Math.min(left.length, right.length)
  for (let index = 0; index < length; index += 1) {
    const a = left.charCodeAt(index)
    const b = right.charCodeAt(index)
    if (a !== b) return fixUp(a) - fixUp(b)
  }
  return left.length - right.length
}

// Surrogates (astral code points) must sort after U+E000..U+FFFF; below U+D800 order agrees.
function fixUp(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800
  if (unit >= 0xd800) return unit + 0x2000
  return unit
}

/** `ids_sha256` of a day: SHA-256 of the ids in UTF-8 byte order, each followed by `\n`. */
export function idsSha256(ids: readonly string[]): string {
  const sorted = isSortedUtf8(ids) ? ids : [...ids].sort(compareUtf8)
  const hash = createHash('sha256')
  for (const id of sorted) hash.update(`${id}\n`, 'utf8')
  return hash.digest('hex')
}

/** Whether `ids` are already in UTF-8 byte order (what SQLite's BINARY ORDER BY yields). */
export function isSortedUtf8(ids: readonly string[]): boolean {
  for (let index = 1; index < ids.length; index += 1) {
    if (compareUtf8(ids[index - 1] ?? '', ids[index] ?? '') > 0) return false
  }
  return true
}

/** One event's line of `events_sha256`: its RFC 8785 canonical JSON, or undefined if unparsable. */
export function canonicalLine(raw: string): string | undefined {
  try {
    return canonicalize(JSON.parse(raw))
  } catch {
    return undefined
  }
}

/**
 * Accumulates `events_sha256` of several days at once from events arriving in seq order. With
 * `isCanonicalising` false it hashes the stored raw text as is: a fast first pass that proves a
 * day when the cache kept the server's canonical bytes (the engine keeps the server's key order).
 */
export class DayEventHashes {
  private readonly hashes = new Map<number, { hash: Hash; count: number }>()

  /** Hashes canonical JSON lines when `isCanonicalising`, else the raw text lines. */
  constructor(private readonly isCanonicalising = true) {}

  /** Adds one event (its stored raw JSON) to its day. */
  add(day: number, raw: string): void {
    let entry = this.hashes.get(day)
    if (entry === undefined) {
      entry = { hash: createHash('sha256'), count: 0 }
      this.hashes.set(day, entry)
    }
    const line = this.isCanonicalising ? canonicalLine(raw) : raw
    // An unparsable row still counts and still changes the hash, so it can never pass as valid.
    entry.hash.update(line ?? `\u0000${raw}`, 'utf8')
    entry.hash.update('\n')
    entry.count += 1
  }

  /** The count and hash of a day (an empty day: 0 and the empty-string hash). */
  result(day: number): { count: number; eventsSha256: string } {
    const entry = this.hashes.get(day)
    if (entry === undefined) return { count: 0, eventsSha256: emptySha256 }
    return { count: entry.count, eventsSha256: entry.hash.copy().digest('hex') }
  }
}
