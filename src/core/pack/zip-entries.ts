// Reads an audit pack zip without ever extracting it to disk (untrusted input, CONVENTIONS.md §4):
// member names must be plain relative names, entries are capped in number and size, encrypted or
// duplicate entries are refused, and every read is a stream whose declared size yauzl enforces.
import type { Readable } from 'node:stream'
import yauzl from 'yauzl'
import { CoreError } from '../errors'

/** The most members a pack may have. */
export const maxPackEntries = 64

/** The largest member a pack may hold (uncompressed). */
export const maxEntryBytes = 2 * 1024 ** 3

/** The largest member read whole into memory (manifest, signature, key, sums, workbooks). */
export const maxBufferedBytes = 512 * 1024 ** 2

const safeName = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/

/** An opened pack: its members by name, readers of one member, and close(). */
export type PackZip = {
  names: string[]
  size(name: string): number
  stream(name: string): Promise<Readable>
  buffer(name: string, limit?: number): Promise<Buffer>
  close(): void
}

/** Opens `zipPath` and lists its members; a file that is not a zip, or a hostile one, is a
 * pack_invalid error naming the cause. */
export async function openPackZip(zipPath: string): Promise<PackZip> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(
      zipPath,
      { lazyEntries: true, autoClose: false, strictFileNames: true },
      (error, opened) => {
        if (error === null) resolve(opened)
        else
          reject(
            invalid(
              zipPath,
              `it is not a readable zip file (${error.message.replace(/\.$/, '')})`,
              error,
            ),
          )
      },
    )
  })
  try {
    const entries = await listEntries(zip, zipPath)
    return {
      names: [...entries.keys()],
      size: (name) => entries.get(name)?.uncompressedSize ?? 0,
      stream: (name) => openStream(zip, entries, zipPath, name),
      async buffer(name, limit = maxBufferedBytes) {
        const entry = entries.get(name)
        if (entry !== undefined && entry.uncompressedSize > limit) {
          throw invalid(
            zipPath,
            `${name} is ${entry.uncompressedSize} bytes, more than the ${limit} this file may have`,
          )
        }
        const chunks: Buffer[] = []
        for await (const chunk of await openStream(zip, entries, zipPath, name))
          chunks.push(chunk as Buffer) // no encoding set: Buffers
        return Buffer.concat(chunks)
      },
      close: () => {
        zip.close()
      },
    }
  } catch (error) {
    zip.close()
    throw error
  }
}

function listEntries(zip: yauzl.ZipFile, zipPath: string): Promise<Map<string, yauzl.Entry>> {
  const entries = new Map<string, yauzl.Entry>()
  return new Promise((resolve, reject) => {
    if (zip.entryCount > maxPackEntries) {
      reject(
        invalid(zipPath, `it has ${zip.entryCount} members, more than a pack's ${maxPackEntries}`),
      )
      return
    }
    zip.on('error', (error: Error) => {
      reject(invalid(zipPath, `its directory is damaged or hostile (${error.message})`, error))
    })
    zip.on('end', () => {
      resolve(entries)
    })
    zip.on('entry', (entry: yauzl.Entry) => {
      const problem = entryProblem(entry, entries)
      if (problem !== undefined) {
        reject(invalid(zipPath, problem))
        return
      }
      entries.set(entry.fileName, entry)
      zip.readEntry()
    })
    zip.readEntry()
  })
}

function entryProblem(
  entry: yauzl.Entry,
  seen: ReadonlyMap<string, yauzl.Entry>,
): string | undefined {
  const name = JSON.stringify(entry.fileName)
  if (!safeName.test(entry.fileName) || entry.fileName.split('/').includes('..')) {
    return `the member name ${name} is not a plain file name a pack uses (a path outside the pack, a folder or odd characters)`
  }
  if (seen.has(entry.fileName)) return `the member ${name} appears twice`
  if (entry.isEncrypted()) return `the member ${name} is encrypted`
  if (entry.uncompressedSize > maxEntryBytes) {
    return `the member ${name} claims ${entry.uncompressedSize} bytes, more than the ${maxEntryBytes} a pack file may hold`
  }
  return undefined
}

async function openStream(
  zip: yauzl.ZipFile,
  entries: ReadonlyMap<string, yauzl.Entry>,
  zipPath: string,
  name: string,
): Promise<Readable> {
  const entry = entries.get(name)
  if (entry === undefined) throw invalid(zipPath, `it has no member ${JSON.stringify(name)}`)
  try {
    return await zip.openReadStreamPromise(entry)
  } catch (error) {
    throw invalid(
      zipPath,
      `the member ${JSON.stringify(name)} cannot be read (${String(error)})`,
      error,
    )
  }
}

function invalid(zipPath: string, reason: string, cause?: unknown): CoreError {
  return new CoreError(
    'pack_invalid',
    `${zipPath} is not a valid audit pack: ${reason}. Ask for the pack again; nothing was extracted.`,
    { cause },
  )
}
