// Files an export writes appear whole or not at all: each is written to a temp file in the same
// directory (`.<name>.partial-<random>`), fsynced, then renamed over the destination. A cancel,
// crash or full disk removes the temp file and leaves an older file at the destination untouched.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { CoreError } from '../errors'

/** A temp file beside its destination: commit() renames it into place, discard() removes it. */
export type AtomicFile = { tempPath: string; commit(): Promise<void>; discard(): Promise<void> }

/** Reserves the temp file for `finalPath` (created empty); fails with export_write_failed. */
export async function createAtomicFile(finalPath: string): Promise<AtomicFile> {
  const directory = path.dirname(finalPath)
  const tempPath = path.join(
    directory,
    `.${path.basename(finalPath)}.partial-${randomBytes(6).toString('hex')}`,
  )
  try {
    await (await fs.open(tempPath, 'wx')).close()
  } catch (cause) {
    throw writeFailure(finalPath, cause)
  }
  const discard = () => fs.rm(tempPath, { force: true })
  return {
    tempPath,
    discard,
    async commit() {
      try {
        const handle = await fs.open(tempPath, 'r+')
        try {
          await handle.sync()
        } finally {
          await handle.close()
        }
        await fs.rename(tempPath, finalPath)
      } catch (cause) {
        await discard()
        throw writeFailure(finalPath, cause)
      }
      await syncDirectory(directory)
    },
  }
}

// The rename is durable once the directory is synced; some systems cannot sync a directory.
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await fs.open(directory, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // The file is complete and renamed; only its durability across a power cut is weaker.
  }
}

const causes: Record<string, string> = {
  ENOSPC: 'the disk is full (ENOSPC). Free space or choose another folder',
  EDQUOT: 'the disk quota is used up (EDQUOT). Free space or choose another folder',
  EACCES: 'permission denied (EACCES). Choose a folder you can write to',
  EPERM: 'the operation is not permitted (EPERM). Choose a folder you can write to',
  EROFS: 'the file system is read-only (EROFS). Choose another folder',
  ENOENT: 'the folder does not exist (ENOENT). Create it or choose another folder',
  ENOTDIR: 'a part of the path is not a folder (ENOTDIR). Choose another folder',
  EISDIR: 'it is a folder (EISDIR). Choose a file name',
  EEXIST: 'a temp file of that name is in the way (EEXIST). Try again',
  EIO: 'the device reported an input/output error (EIO). Check the disk',
}

/** The export_write_failed error for `finalPath`: the path, the cause, the next step. */
export function writeFailure(finalPath: string, cause: unknown): CoreError {
  if (cause instanceof CoreError) return cause
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : ''
  const reason =
    causes[code] ??
    `${cause instanceof Error ? cause.message : String(cause)}. Check the folder and try again`
  return new CoreError(
    'export_write_failed',
    `Could not write ${finalPath}: ${reason}; nothing was written.`,
    { cause },
  )
}
