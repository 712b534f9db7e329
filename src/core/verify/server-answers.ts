// Parsing of the server's untrusted answers to stats, digests, signing-keys and the one-event
// page that tells what the server still has (CONVENTIONS.md §4): zod, strict dates, capped sizes.
import { createPublicKey, type KeyObject } from 'node:crypto'
import { z } from 'zod'
import { parseRfc3339 } from '../../shared/rfc3339'
import { maxDaysPerRequest, parseDayText } from './days'

/** One day of a stats answer. */
export type ServerDayStats = { count: number; idsSha256: string }

/** One signed day of a digests answer. */
export type ServerDigest = {
  day: number
  count: number
  eventsSha256: string
  previousSignature: string
  keyId: string
  signature: string
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/)
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)

const statsSchema = z.object({
  days: z.array(z.object({ date, count, ids_sha256: hex64 })).max(maxDaysPerRequest),
})

const digestsSchema = z.object({
  server_time: z.string().max(64),
  days: z
    .array(
      z.object({
        date,
        count,
        events_sha256: hex64,
        previous_signature: z.string().max(512),
        key_id: z.string().max(64),
        signature: z.string().max(512),
      }),
    )
    .max(maxDaysPerRequest),
})

const keysSchema = z.object({
  keys: z
    .array(
      z.object({
        key_id: z.string().max(64),
        algorithm: z.string().max(64),
        public_key_pem: z.string().max(8192),
      }),
    )
    .max(1000),
})

const pageSchema = z.object({
  data: z.array(z.object({ seq: z.number().int() })).max(1000),
  oldest_available_at: z.string().max(64),
})

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))
  } catch {
    return undefined
  }
}

/** A stats answer as a map from day number to the server's figures; undefined if malformed. */
export function parseStats(body: Uint8Array): Map<number, ServerDayStats> | undefined {
  const parsed = statsSchema.safeParse(parseJson(body))
  if (!parsed.success) return undefined
  const days = new Map<number, ServerDayStats>()
  for (const row of parsed.data.days) {
    const day = parseDayText(row.date)
    if (day === undefined) return undefined
    days.set(day, { count: row.count, idsSha256: row.ids_sha256 })
  }
  return days
}

/** A digests answer: the server's time and its signed days; undefined if malformed. */
export function parseDigests(
  body: Uint8Array,
): { serverTime: number; digests: ServerDigest[] } | undefined {
  const parsed = digestsSchema.safeParse(parseJson(body))
  if (!parsed.success) return undefined
  const serverTime = parseRfc3339(parsed.data.server_time)
  if (serverTime === undefined) return undefined
  const digests: ServerDigest[] = []
  for (const row of parsed.data.days) {
    const day = parseDayText(row.date)
    if (day === undefined) return undefined
    digests.push({
      day,
      count: row.count,
      eventsSha256: row.events_sha256,
      previousSignature: row.previous_signature,
      keyId: row.key_id,
      signature: row.signature,
    })
  }
  return { serverTime, digests }
}

/** The usable Ed25519 keys of a signing-keys answer by key id; undefined if malformed. A key with
 * another algorithm or an unreadable PEM is left out, so its days report an unknown key id. */
export function parseSigningKeys(body: Uint8Array): Map<string, KeyObject> | undefined {
  const parsed = keysSchema.safeParse(parseJson(body))
  if (!parsed.success) return undefined
  const keys = new Map<string, KeyObject>()
  for (const key of parsed.data.keys) {
    if (key.algorithm !== 'Ed25519') continue
    try {
      const publicKey = createPublicKey({ key: key.public_key_pem, format: 'pem' })
      if (publicKey.asymmetricKeyType === 'ed25519') keys.set(key.key_id, publicKey)
    } catch {
      // An unreadable key is as good as no key: the days it signed cannot be checked.
    }
  }
  return keys
}

/**
 * From the first page of a stream (no since, no cursor): the instant before which the server may
 * have dropped events, or null when it still has its first event (seq 1) and so dropped nothing.
 */
export function parseRetentionBound(
  body: Uint8Array,
): { droppedBefore: number | null } | undefined {
  const parsed = pageSchema.safeParse(parseJson(body))
  if (!parsed.success) return undefined
  const oldest = parseRfc3339(parsed.data.oldest_available_at)
  if (oldest === undefined) return undefined
  return { droppedBefore: parsed.data.data[0]?.seq === 1 ? null : oldest }
}
