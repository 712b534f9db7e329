// Verifies an audit pack (issue 7, item 2) from the zip alone: the manifest's signature with the
// included public key, every file's SHA-256 against the manifest and SHA256SUMS, no missing or
// extra files, each data file's rows against the manifest, JSON Lines that parse, the activity
// log's hash chain, and the events against the server's signed day digests where the pack holds
// whole unredacted days. Every check names what broke.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto'
import { z } from 'zod'
import { activityEntrySchema } from '../../shared/export-schemas'
import { activityHash } from '../activity/activity-log'
import { publicKeyFingerprint } from '../signing/installation-key'
import { maxBufferedBytes, openPackZip, type PackZip } from './zip-entries'
import { readCsv, readJsonl, readPlain, readXlsx, type MemberReading } from './content-checks'
import { manifestSchema, packFiles, type PackManifest } from './manifest'
import { checkServerDigests } from './verify-digests'

/** One check of a pack: its name, whether it passed and what it found. */
export type PackCheck = { name: string; isPassed: boolean; detail: string }

/** The outcome of verifying a pack. */
export type PackVerification = { isValid: boolean; checks: PackCheck[] }

const smallLimit = 64 * 1024 ** 2
const unlisted = new Set<string>([packFiles.manifest, packFiles.signature, packFiles.sums])

/** Verifies the pack at `zipPath`; a file that is not a pack zip throws pack_invalid. */
export async function verifyPack(zipPath: string): Promise<PackVerification> {
  const zip = await openPackZip(zipPath)
  try {
    return await verifyOpened(zip)
  } finally {
    zip.close()
  }
}

async function verifyOpened(zip: PackZip): Promise<PackVerification> {
  const missing = [packFiles.manifest, packFiles.signature, packFiles.publicKey, packFiles.sums]
    .filter((name) => !zip.names.includes(name))
    .map((name): PackCheck => ({
      name: 'files',
      isPassed: false,
      detail: `${name} is missing from the pack`,
    }))
  if (missing.length > 0) return { isValid: false, checks: missing }
  const manifestBytes = await zip.buffer(packFiles.manifest, smallLimit)
  const signature = await zip.buffer(packFiles.signature, smallLimit)
  const key = readPublicKey((await zip.buffer(packFiles.publicKey, smallLimit)).toString('utf8'))
  const sumsBytes = await zip.buffer(packFiles.sums, smallLimit)
  const sums = parseSums(sumsBytes.toString('utf8'))
  const checks: PackCheck[] = [checkSignature(manifestBytes, signature, key)]
  const manifest = parseManifest(manifestBytes)
  if (typeof manifest === 'string') {
    checks.push({ name: 'manifest', isPassed: false, detail: manifest })
    return { isValid: false, checks }
  }
  const detail = `${packFiles.manifest} is a ${manifest.format} manifest`
  checks.push({ name: 'manifest', isPassed: true, detail })
  if (key !== undefined && publicKeyFingerprint(key) !== manifest.signingKey.fingerprint) {
    checks.push({
      name: 'signing key',
      isPassed: false,
      detail: `the manifest names the key ${manifest.signingKey.fingerprint}, but ${packFiles.publicKey} is ${publicKeyFingerprint(key)}`,
    })
  }
  checkMembership(zip, manifest, checks)
  const readings = await readMembers(zip, manifest)
  readings.set(packFiles.manifest, digestOf(manifestBytes))
  readings.set(packFiles.signature, digestOf(signature))
  checkFiles(manifest, readings, checks)
  checkSums(zip, { sums, sha256: digestOf(sumsBytes).sha256, manifest }, readings, checks)
  checks.push(...(await checkActivity(zip, manifest)))
  checks.push(...checkServerDigests(manifest, readings))
  return { isValid: checks.every((check) => check.isPassed), checks }
}

/** The manifest's Ed25519 signature under the included public key. */
function checkSignature(
  manifest: Buffer,
  signature: Buffer,
  key: KeyObject | undefined,
): PackCheck {
  const fail = (detail: string): PackCheck => ({ name: 'signature', isPassed: false, detail })
  if (key === undefined) return fail(`${packFiles.publicKey} is not an Ed25519 public key`)
  if (signature.length !== 64) {
    return fail(
      `${packFiles.signature} is ${signature.length} bytes, not a 64-byte Ed25519 signature`,
    )
  }
  if (!verify(null, manifest, key, signature)) {
    return fail(
      `${packFiles.manifest} does not match ${packFiles.signature} under ${packFiles.publicKey}: the manifest was changed after it was signed, or signed by another key`,
    )
  }
  return {
    name: 'signature',
    isPassed: true,
    detail: `${packFiles.manifest} is signed by the key in ${packFiles.publicKey} (fingerprint ${publicKeyFingerprint(key)})`,
  }
}

function readPublicKey(pem: string): KeyObject | undefined {
  try {
    const key = createPublicKey({ key: pem, format: 'pem' })
    return key.asymmetricKeyType === 'ed25519' ? key : undefined
  } catch {
    return undefined
  }
}

function parseManifest(bytes: Buffer): PackManifest | string {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    return `${packFiles.manifest} is not JSON`
  }
  const parsed = manifestSchema.safeParse(json)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  return `${packFiles.manifest} field ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`
}

function digestOf(bytes: Buffer): MemberReading {
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  return { sha256, bytes: bytes.length, rows: null, problem: null, days: new Map() }
}

function checkMembership(zip: PackZip, manifest: PackManifest, checks: PackCheck[]): void {
  const listed = new Set([...manifest.files.map((file) => file.name), ...unlisted])
  const missing = [...listed].filter((name) => !zip.names.includes(name))
  const extra = zip.names.filter((name) => !listed.has(name))
  const problems = [
    ...(missing.length > 0 ? [`missing: ${missing.join(', ')}`] : []),
    ...(extra.length > 0 ? [`not in the manifest: ${extra.join(', ')}`] : []),
  ]
  checks.push({
    name: 'files',
    isPassed: problems.length === 0,
    detail:
      problems.length === 0
        ? `${zip.names.length} files, as the manifest lists`
        : problems.join('; '),
  })
}

async function readMembers(
  zip: PackZip,
  manifest: PackManifest,
): Promise<Map<string, MemberReading>> {
  const readings = new Map<string, MemberReading>()
  const dataFormat = new Map<string, 'csv' | 'xlsx' | 'jsonl'>()
  for (const stream of manifest.streams) {
    dataFormat
      .set(stream.files.csv, 'csv')
      .set(stream.files.xlsx, 'xlsx')
      .set(stream.files.jsonl, 'jsonl')
  }
  for (const name of zip.names) {
    if (unlisted.has(name)) continue
    const source = await zip.stream(name)
    const format = dataFormat.get(name) ?? (name.endsWith('.jsonl') ? 'jsonl' : undefined)
    const wanted = new Map(
      manifest.serverDigests.days
        .filter((day) =>
          manifest.streams.some((s) => s.stream === day.stream && s.files.jsonl === name),
        )
        .map((day) => [day.date, day.eventsSha256] as const),
    )
    readings.set(
      name,
      format === 'csv'
        ? await readCsv(source)
        : format === 'xlsx'
          ? await readXlsx(source, maxBufferedBytes, expectedRows(manifest, name))
          : format === 'jsonl'
            ? await readJsonl(source, wanted)
            : await readPlain(source),
    )
  }
  return readings
}

/** The rows the manifest lists for `name` (0 when it does not list it). */
function expectedRows(manifest: PackManifest, name: string): number {
  return manifest.files.find((file) => file.name === name)?.rows ?? 0
}

function checkFiles(
  manifest: PackManifest,
  readings: ReadonlyMap<string, MemberReading>,
  checks: PackCheck[],
): void {
  const counted = new Set(
    manifest.streams.flatMap((s) => [s.files.csv, s.files.xlsx, s.files.jsonl]),
  )
  for (const file of manifest.files) {
    const read = readings.get(file.name)
    if (read === undefined) continue // reported by the files check
    const isSame = read.sha256 === file.sha256 && read.bytes === file.bytes
    checks.push({
      name: `sha256 ${file.name}`,
      isPassed: isSame,
      detail: isSame
        ? `${file.bytes} bytes, SHA-256 as the manifest says`
        : `${file.name} is ${read.bytes} bytes with SHA-256 ${read.sha256}; the manifest says ${file.bytes} bytes, ${file.sha256}`,
    })
    if (read.problem !== null)
      checks.push({
        name: `content ${file.name}`,
        isPassed: false,
        detail: `${file.name} ${read.problem}`,
      })
    if (!counted.has(file.name) && !file.name.endsWith('.jsonl')) continue
    const isCountRight = read.rows === file.rows
    checks.push({
      name: `rows ${file.name}`,
      isPassed: isCountRight,
      detail: isCountRight
        ? `${file.rows} rows, as the manifest says`
        : `${file.name} holds ${read.rows ?? 'unreadable'} rows; the manifest says ${file.rows}`,
    })
  }
}

function parseSums(text: string): Map<string, string> {
  const sums = new Map<string, string>()
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line)
    if (match?.[1] !== undefined && match[2] !== undefined) sums.set(match[2], match[1])
  }
  return sums
}

/** SHA256SUMS: its own hash as the signed manifest says, and a matching line for every member
 * but the manifest, its signature and itself (which it cannot cover). */
function checkSums(
  zip: PackZip,
  read: { sums: ReadonlyMap<string, string>; sha256: string; manifest: PackManifest },
  readings: ReadonlyMap<string, MemberReading>,
  checks: PackCheck[],
): void {
  const { sums, sha256, manifest } = read
  const problems: string[] = []
  if (sha256 !== manifest.sha256sums)
    problems.push(
      `${packFiles.sums} has SHA-256 ${sha256}; the manifest says ${manifest.sha256sums}`,
    )
  for (const name of zip.names) {
    if (unlisted.has(name)) continue
    const listed = sums.get(name)
    const actual = readings.get(name)?.sha256
    if (listed === undefined) problems.push(`${name} is not listed`)
    else if (listed !== actual)
      problems.push(`${name} has SHA-256 ${actual ?? '?'}, SHA256SUMS says ${listed}`)
  }
  for (const name of sums.keys()) {
    if (unlisted.has(name))
      problems.push(`${name} is listed, but ${packFiles.sums} cannot cover it`)
    else if (!zip.names.includes(name)) problems.push(`${name} is listed but missing`)
  }
  checks.push({
    name: packFiles.sums,
    isPassed: problems.length === 0,
    detail:
      problems.length === 0
        ? `every file matches ${packFiles.sums}, whose SHA-256 the manifest carries`
        : problems.join('; '),
  })
}

async function checkActivity(zip: PackZip, manifest: PackManifest): Promise<PackCheck[]> {
  const name = packFiles.activity
  if (!zip.names.includes(name)) return []
  const text = (await zip.buffer(name)).toString('utf8')
  const redacted = new Set(manifest.activityLog.redactedEntryIds)
  let previousHash = ''
  const lines = text.split('\n').filter((line) => line !== '')
  for (const [index, line] of lines.entries()) {
    let entry: z.infer<typeof activityEntrySchema>
    try {
      entry = activityEntrySchema.parse(JSON.parse(line))
    } catch {
      return [
        {
          name: 'activity log',
          isPassed: false,
          detail: `${name} line ${index + 1} is not an activity entry`,
        },
      ]
    }
    const isHashRight = redacted.has(entry.id) || activityHash(entry) === entry.hash
    if (entry.previousHash !== previousHash || !isHashRight) {
      return [
        {
          name: 'activity log',
          isPassed: false,
          detail: `${name}: the chain breaks at entry ${entry.id} (line ${index + 1})`,
        },
      ]
    }
    previousHash = entry.hash
  }
  const note =
    redacted.size > 0 ? ` (${redacted.size} pseudonymised entries checked by their links only)` : ''
  return [
    {
      name: 'activity log',
      isPassed: true,
      detail: `${lines.length} entries, chain intact${note}`,
    },
  ]
}
