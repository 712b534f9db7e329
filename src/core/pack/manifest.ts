// manifest.json of an audit pack: what the pack holds and how it was made. The builder writes it,
// signs its exact bytes, and verify-pack reads it back through this schema (untrusted input).
import { z } from 'zod'
import { redactionProfileSchema } from '../../shared/export-schemas'
import { streamSchema } from '../../shared/filter'

const count = z.number().int().nonnegative()
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/)
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const counts = z.record(z.string(), count)

/** The manifest's format name; a verifier refuses any other. */
export const packFormat = 'audit-desk-pack/1' as const

/** The names of the pack's fixed members. */
export const packFiles = {
  manifest: 'manifest.json',
  signature: 'manifest.sig',
  publicKey: 'signing-key.pem',
  sums: 'SHA256SUMS',
  readme: 'README.txt',
  summary: 'summary.xlsx',
  findings: 'findings.jsonl',
  annotations: 'annotations.jsonl',
  activity: 'reviewer-activity.jsonl',
} as const

const dayEntry = z.object({
  date,
  cacheEvents: count,
  exportedRows: count,
  serverCount: count.nullable(),
  checkedAt: z.number().int().nullable(),
  verification: z.string().nullable(),
  coverage: z.string(),
  digestStatus: z.string().nullable(),
})

const streamEntry = z.object({
  stream: streamSchema,
  population: z.object({
    cache: count,
    server: count.nullable(),
    serverDaysKnown: count,
    days: count,
    serverCheckedFrom: z.number().int().nullable(),
    serverCheckedTo: z.number().int().nullable(),
  }),
  exportedRows: count,
  files: z.object({ csv: z.string(), xlsx: z.string(), jsonl: z.string() }),
  days: z.array(dayEntry),
})

const digestEntry = z.object({
  stream: streamSchema,
  date,
  count,
  eventsSha256: sha256Hex,
  previousSignature: z.string(),
  keyId: z.string(),
  signature: z.string(),
  fetchedAt: z.number().int(),
})

const fileEntry = z.object({ name: z.string(), sha256: sha256Hex, bytes: count, rows: count })

/** The manifest as verify-pack accepts it. */
export const manifestSchema = z.object({
  format: z.literal(packFormat),
  appVersion: z.string(),
  organization: z.object({ id: z.string(), name: z.string() }),
  baseUrl: z.string(),
  connectionId: z.string(),
  exportedBy: z.string(),
  exportedAt: z.string(),
  period: z.object({ from: date, to: date }),
  filter: z.record(z.string(), z.unknown()),
  redaction: z.object({
    profile: redactionProfileSchema,
    engagement: z.string().nullable(),
    keyId: z.string().nullable(),
  }),
  signingKey: z.object({
    file: z.string(),
    algorithm: z.literal('Ed25519'),
    fingerprint: sha256Hex,
  }),
  streams: z.array(streamEntry),
  serverDigests: z.object({
    keys: z.array(z.object({ keyId: z.string(), publicKeyPem: z.string() })),
    days: z.array(digestEntry),
  }),
  transformations: z.object({ redaction: counts, files: z.record(z.string(), counts) }),
  activityLog: z.object({ entries: count, redactedEntryIds: z.array(z.number().int()) }),
  /** SHA-256 of SHA256SUMS, so the signature covers what `sha256sum -c` checks. */
  sha256sums: sha256Hex,
  files: z.array(fileEntry),
})

/** A pack manifest. */
export type PackManifest = z.infer<typeof manifestSchema>

/** A stream's day as the manifest lists it. */
export type ManifestDay = z.infer<typeof dayEntry>

/** A server digest as the manifest carries it. */
export type ManifestDigest = z.infer<typeof digestEntry>

/** The filter fields that only place events in the pack (its connection and period); any other
 * field narrows the events, so a day's JSON Lines no longer hold the whole server day. */
export const placingFilterFields: readonly string[] = ['connectionId', 'from', 'to']

/** Why a stream's JSON Lines cannot be checked against the server's digests, or null if they can. */
export function digestInapplicability(
  manifest: Pick<PackManifest, 'filter' | 'redaction'>,
): string | null {
  if (manifest.redaction.profile !== 'none') {
    return `the events are redacted (${manifest.redaction.profile}), so they are not the server's`
  }
  const narrowing = Object.keys(manifest.filter).filter((key) => !placingFilterFields.includes(key))
  if (narrowing.length > 0) {
    return `the filter narrows the events (${narrowing.join(', ')}), so a day is not whole`
  }
  return null
}
