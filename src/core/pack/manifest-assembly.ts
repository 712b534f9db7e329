// The manifest of an audit pack assembled from what the build gathered: who, when, what period
// and filter, the redaction (a key id, never the key), the signing key's fingerprint, each
// stream's population and days, the server's digests, every transformation and every file.
import type { WrittenFileSummary } from '../../shared/export-schemas'
import type { EventFilter, Stream } from '../../shared/filter'
import { appVersion } from '../app-version'
import { keyId } from '../signing/engagement-key'
import type { BuildPackInput } from './build-pack'
import { packFiles, packFormat, type PackManifest } from './manifest'
import type { streamDays } from './pack-contents'
import type { PackConnection } from './pack-store'
import type { StreamOutput } from './stream-files'

/** The keys a manifest describes: the pseudonym key (if any) and the signing key's fingerprint. */
export type KeyFacts = { key: Buffer | null; signingKey: { fingerprint: string } }

/** The pack's free text that can hold an e-mail or IP address (the reviewer, the engagement,
 * the organization's name, the base URL, the filter), scrubbed with the events' pseudonyms. */
export type PackHeader = {
  exportedBy: string
  engagement: string
  organizationName: string
  baseUrl: string
  filter: EventFilter
}

/** The header of a pack: identity under the none profile; under a pseudonymising one every
 * value through `scrub`, and the base URL's user name and password dropped. */
export function packHeader(
  input: Pick<BuildPackInput, 'reviewer' | 'engagement' | 'redaction'>,
  connection: Pick<PackConnection, 'organizationName' | 'baseUrl'>,
  filter: EventFilter,
  scrub: <T>(value: T) => T,
): PackHeader {
  return scrub({
    exportedBy: input.reviewer,
    engagement: input.engagement,
    organizationName: connection.organizationName,
    baseUrl: input.redaction === 'none' ? connection.baseUrl : withoutUserInfo(connection.baseUrl),
    filter,
  })
}

function withoutUserInfo(baseUrl: string): string {
  if (!URL.canParse(baseUrl)) return baseUrl
  const url = new URL(baseUrl)
  if (url.username === '' && url.password === '') return baseUrl
  url.username = ''
  url.password = ''
  return url.toString()
}

/** What the README states about the pack. */
export function readmeFacts(
  input: BuildPackInput,
  context: KeyFacts,
  exportedAt: number,
  made: { organizationId: string; header: PackHeader },
) {
  return {
    organization: { id: made.organizationId, name: made.header.organizationName },
    period: { from: input.from, to: input.to },
    exportedBy: made.header.exportedBy,
    exportedAt: new Date(exportedAt).toISOString(),
    redaction: redactionFacts(input, context, made.header),
    signingKey: signingKeyFacts(context),
  }
}

/** The manifest's redaction section: profile, engagement and a key id, never the key. */
export function redactionFacts(
  input: BuildPackInput,
  context: KeyFacts,
  header: PackHeader,
): PackManifest['redaction'] {
  return {
    profile: input.redaction,
    engagement: input.redaction === 'none' ? null : header.engagement,
    keyId: context.key === null ? null : keyId(context.key),
  }
}

/** The manifest's signing key section. */
export function signingKeyFacts(context: KeyFacts): PackManifest['signingKey'] {
  return {
    file: packFiles.publicKey,
    algorithm: 'Ed25519',
    fingerprint: context.signingKey.fingerprint,
  }
}

/** The manifest of a pack from everything the build gathered. */
export function assembleManifest(parts: {
  input: BuildPackInput
  context: KeyFacts
  connection: PackConnection
  header: PackHeader
  exportedAt: number
  outputs: StreamOutput[]
  days: ReadonlyMap<Stream, ReturnType<typeof streamDays>>
  digests: PackManifest['serverDigests']
  redaction: Record<string, number>
  summaryTransformations: Record<string, number>
  activity: { entries: number; redactedEntryIds: number[] }
  sha256sums: string
  files: WrittenFileSummary[]
}): PackManifest {
  const { input, context, connection, outputs, header } = parts
  return {
    format: packFormat,
    appVersion,
    organization: { id: connection.organizationId, name: header.organizationName },
    baseUrl: header.baseUrl,
    connectionId: connection.id,
    exportedBy: header.exportedBy,
    exportedAt: new Date(parts.exportedAt).toISOString(),
    period: { from: input.from, to: input.to },
    filter: header.filter,
    redaction: redactionFacts(input, context, header),
    signingKey: signingKeyFacts(context),
    streams: outputs.map((output) => ({
      stream: output.stream,
      population: parts.days.get(output.stream)?.population ?? emptyPopulation,
      exportedRows: output.rows,
      files: output.names,
      days: parts.days.get(output.stream)?.days ?? [],
    })),
    serverDigests: parts.digests,
    transformations: {
      redaction: parts.redaction,
      files: {
        ...Object.fromEntries(outputs.flatMap((output) => Object.entries(output.transformations))),
        [packFiles.summary]: parts.summaryTransformations,
      },
    },
    activityLog: parts.activity,
    sha256sums: parts.sha256sums,
    files: parts.files,
  }
}

const emptyPopulation = {
  cache: 0,
  server: null,
  serverDaysKnown: 0,
  days: 0,
  serverCheckedFrom: null,
  serverCheckedTo: null,
}
