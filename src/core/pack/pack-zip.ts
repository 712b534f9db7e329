// Writes the pack's member files into one zip through a temp file renamed on success (yazl,
// deflated, fixed modes and times so the zip says nothing about the builder's machine).
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { pipeline } from 'node:stream/promises'
import yazl from 'yazl'
import { CoreError } from '../errors'
import { createAtomicFile, writeFailure } from '../export/atomic-file'

/** One member: its name inside the zip and where its bytes are now. */
export type ZipMember = { name: string; path: string }

/** SHA-256 hex and size of a file, read as a stream. */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256')
  let bytes = 0
  for await (const chunk of fs.createReadStream(file)) {
    const buffer = chunk as Buffer // a stream without an encoding yields Buffers
    hash.update(buffer)
    bytes += buffer.length
  }
  return { sha256: hash.digest('hex'), bytes }
}

/** Zips `members` into `outPath` (whole or not at all); every member dated `mtime`.
 * `beforeCommit` runs on the complete temp file before it is renamed into place and its result is
 * returned; if it throws, the temp file is removed, nothing appears at `outPath` and its error is
 * thrown. */
export async function writeZip<T>(
  outPath: string,
  members: readonly ZipMember[],
  mtime: Date,
  options: { signal?: AbortSignal; beforeCommit: (tempPath: string) => Promise<T> },
): Promise<T> {
  const { signal } = options
  const file = await createAtomicFile(outPath)
  try {
    const zip = new yazl.ZipFile()
    for (const member of members) {
      zip.addFile(member.path, member.name, { mtime, mode: 0o100644, compress: true })
    }
    zip.end()
    await pipeline(
      zip.outputStream,
      fs.createWriteStream(file.tempPath),
      signal === undefined ? {} : { signal },
    )
    const committed = await options.beforeCommit(file.tempPath)
    await file.commit()
    return committed
  } catch (error) {
    await file.discard()
    if (signal?.aborted === true) {
      throw new CoreError('cancelled', 'The pack was cancelled; no file was written.')
    }
    throw writeFailure(outPath, error)
  }
}
