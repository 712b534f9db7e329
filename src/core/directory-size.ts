// The size of the data directory for the Settings view: every regular file under it, symlinks
// not followed, with a bound on how many entries are visited so a stray huge tree cannot stall
// the core.
import fs from 'node:fs'
import path from 'node:path'

/** Bytes of the regular files under `directory`; `isPartial` when the bound cut the walk short. */
export function directorySize(
  directory: string,
  maxEntries = 10_000,
): { bytes: number; isPartial: boolean } {
  let bytes = 0
  let visited = 0
  const pending = [directory]
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true })
    } catch {
      continue // vanished or unreadable: it holds nothing we can count
    }
    for (const entry of entries) {
      visited += 1
      if (visited > maxEntries) return { bytes, isPartial: true }
      const file = path.join(folder, entry.name)
      if (entry.isDirectory()) pending.push(file)
      else if (entry.isFile()) bytes += sizeOf(file)
    }
  }
  return { bytes, isPartial: false }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size
  } catch {
    return 0 // removed between listing and stat (a WAL checkpoint, say)
  }
}
