// The files the cache-reading commands (query, verify, findings, export, pack) are given: the
// cache must already exist, and an output must be a file name, not a folder.
import fs from 'node:fs'
import path from 'node:path'
import { UsageError } from './io'

/** The absolute path of the cache `--db` names; an error saying to sync first when it is absent. */
export function existingCacheFile(db: string): string {
  const file = path.resolve(db)
  if (!fs.existsSync(file))
    throw new Error(`There is no cache at ${file}. Run \`audit-desk sync --db ${db}\` first.`)
  return file
}

/** The absolute path `--out` names; a usage error when it is a folder. */
export function outputFile(out: string): string {
  const file = path.resolve(out)
  if (fs.existsSync(file) && fs.statSync(file).isDirectory())
    throw new UsageError(`--out ${file} is a folder; give a file name`)
  return file
}
