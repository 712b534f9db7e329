// Secret files of the installation (the signing key, the pseudonym secret): created once with
// mode 0600 without ever replacing an existing file, read back strictly. A damaged file is an
// error naming it, never silently regenerated (that would change every signature or pseudonym).
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { CoreError } from '../errors'

/** Reads `file`, creating it first from `create()` (mode 0600) when it does not exist. Two
 * processes creating it at once both end up with the one file that won the race. */
export function readOrCreateSecretFile(file: string, create: () => Buffer): Buffer {
  const existing = readIfPresent(file)
  if (existing !== undefined) return existing
  const directory = path.dirname(file)
  const temporary = path.join(
    directory,
    `.${path.basename(file)}.new-${randomBytes(8).toString('hex')}`,
  )
  try {
    fs.mkdirSync(directory, { recursive: true, mode: 0o700 })
    fs.writeFileSync(temporary, create(), { mode: 0o600, flag: 'wx' })
    try {
      // link() fails if the name exists: a file another process created first is kept.
      fs.linkSync(temporary, file)
    } catch (cause) {
      if (codeOf(cause) !== 'EEXIST') throw cause
    }
  } catch (cause) {
    throw new CoreError(
      'internal',
      `Could not create ${file} (${codeOf(cause) ?? 'unknown error'}). Check that the data directory is writable.`,
      { cause },
    )
  } finally {
    fs.rmSync(temporary, { force: true })
  }
  const created = readIfPresent(file)
  if (created === undefined)
    throw new CoreError('internal', `${file} vanished after it was created.`)
  return created
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file)
  } catch (cause) {
    if (codeOf(cause) === 'ENOENT') return undefined
    throw new CoreError(
      'internal',
      `Could not read ${file} (${codeOf(cause) ?? 'unknown error'}). Check its permissions.`,
      { cause },
    )
  }
}

function codeOf(cause: unknown): string | undefined {
  return typeof cause === 'object' && cause !== null && 'code' in cause
    ? String(cause.code)
    : undefined
}
