// Reads an audit pack's zip into memory and writes a changed copy (yauzl and yazl), so the e2e
// can tamper with one row of one file the way someone editing a pack would.
import fs from 'node:fs'
import yauzl from 'yauzl'
import yazl from 'yazl'

/** The pack's entries in zip order: name and content. */
export type PackEntry = { name: string; content: Buffer }

/** Every entry of the zip at `file`, in order. */
export function readZip(file: string): Promise<PackEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (openError, zip) => {
      if (openError !== null) {
        reject(openError)
        return
      }
      const entries: PackEntry[] = []
      zip.on('error', reject)
      zip.on('end', () => {
        resolve(entries)
      })
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError !== null) {
            reject(streamError)
            return
          }
          const chunks: Buffer[] = []
          stream.on('data', (chunk: Buffer) => chunks.push(chunk))
          stream.on('error', reject)
          stream.on('end', () => {
            entries.push({ name: entry.fileName, content: Buffer.concat(chunks) })
            zip.readEntry()
          })
        })
      })
      zip.readEntry()
    })
  })
}

/** Writes `entries` as a zip at `file`. */
export function writeZip(file: string, entries: readonly PackEntry[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile()
    for (const entry of entries) zip.addBuffer(entry.content, entry.name)
    zip.end()
    const out = fs.createWriteStream(file)
    out.on('error', reject)
    out.on('close', () => {
      resolve()
    })
    zip.outputStream.pipe(out)
  })
}
