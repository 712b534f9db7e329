// A seeded cache for pack tests: the demo organization synced and verified (so the cache holds
// day verifications and the server's signed digests), in a temp data directory.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import yauzl from 'yauzl'
import yazl from 'yazl'
import { openCache, syncWith } from '../../../test/helpers/sync-harness'
import { startDemoServer, type DemoServer } from '../../demo-org/index'
import type { OpenDatabase } from '../store/database'
import { dayText, dayOf } from '../verify/days'
import { verifyConnection } from '../verify/verify-connection'

/** A synced and verified cache and the period its events span. */
export type SeededCache = {
  server: DemoServer
  opened: OpenDatabase
  dataDirectory: string
  connectionId: string
  from: string
  to: string
}

/** Syncs and verifies the demo organization into `directory`. */
export async function seedCache(directory: string): Promise<SeededCache> {
  const server = await startDemoServer({ seed: 7, auditEvents: 400, requestLogs: 600, days: 5 })
  const dataDirectory = path.join(directory, 'data')
  const opened = openCache(dataDirectory)
  const synced = await syncWith(opened, { baseUrl: server.url, apiKey: server.keys.full })
  if (!synced.ok) throw new Error(synced.error.message)
  const connectionId = synced.connection.id
  const verified = await verifyConnection(
    { db: opened.db, fetch, clock: Date.now, sleep: () => Promise.resolve(), random: () => 0.5 },
    {
      connectionId,
      baseUrl: server.url,
      apiKey: server.keys.full,
      streams: ['audit-events', 'request-logs'],
    },
  )
  if (!verified.ok) throw new Error(verified.error.message)
  const bounds = opened.db
    .prepare<[], { oldest: number; newest: number }>(
      'SELECT min(occurred_at) AS oldest, max(occurred_at) AS newest FROM audit_events',
    )
    .get()
  if (bounds === undefined) throw new Error('no events')
  return {
    server,
    opened,
    dataDirectory,
    connectionId,
    from: dayText(dayOf(bounds.oldest)),
    to: dayText(dayOf(bounds.newest)),
  }
}

/** Every member of a zip file or buffer, read into memory (tests only: packs here are small). */
export async function readZip(source: string | Buffer): Promise<Map<string, Buffer>> {
  const options = { lazyEntries: true, autoClose: false }
  const zip =
    typeof source === 'string'
      ? await yauzl.openPromise(source, options)
      : await yauzl.fromBufferPromise(source, options)
  const members = new Map<string, Buffer>()
  try {
    const entries = await new Promise<yauzl.Entry[]>((resolve, reject) => {
      const found: yauzl.Entry[] = []
      zip.on('error', reject)
      zip.on('end', () => {
        resolve(found)
      })
      zip.on('entry', (entry: yauzl.Entry) => {
        found.push(entry)
        zip.readEntry()
      })
      zip.readEntry()
    })
    for (const entry of entries) {
      const chunks: Buffer[] = []
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer) // no encoding: Buffers
      members.set(entry.fileName, Buffer.concat(chunks))
    }
  } finally {
    zip.close()
  }
  return members
}

/** Writes `members` as a zip at `zipPath`, in their order. */
export async function writeZipFromMembers(
  zipPath: string,
  members: ReadonlyMap<string, Buffer>,
): Promise<void> {
  const zip = new yazl.ZipFile()
  for (const [name, bytes] of members) zip.addBuffer(bytes, name, { mtime: new Date(0) })
  zip.end()
  await pipeline(zip.outputStream, fs.createWriteStream(zipPath))
}

/** SHA-256 hex of bytes. */
export const sha256 = (bytes: Buffer | string): string =>
  createHash('sha256').update(bytes).digest('hex')

/** Re-computes a changed member's hash, bytes and rows in SHA256SUMS and manifest.json (and the
 * manifest's hash of SHA256SUMS), without re-signing: a tamperer's best effort, which only the
 * signature can catch. */
export function rehash(members: Map<string, Buffer>, name: string, rows: number): void {
  const bytes = members.get(name)
  const manifestBytes = members.get('manifest.json')
  if (bytes === undefined || manifestBytes === undefined) throw new Error(`no ${name}`)
  const unsummed = new Set(['manifest.json', 'manifest.sig', 'SHA256SUMS'])
  const sums = [...members]
    .filter(([member]) => !unsummed.has(member))
    .map(([member, content]) => `${sha256(content)}  ${member}\n`)
    .join('')
  members.set('SHA256SUMS', Buffer.from(sums))
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as {
    sha256sums: string
    files: { name: string; sha256: string; bytes: number; rows: number }[]
  }
  const file = manifest.files.find((entry) => entry.name === name)
  if (file === undefined) throw new Error(`${name} is not in the manifest`)
  Object.assign(file, { sha256: sha256(bytes), bytes: bytes.length, rows })
  manifest.sha256sums = sha256(sums)
  members.set('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`))
}
