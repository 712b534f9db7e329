import fs from 'node:fs'
import path from 'node:path'

/**
 * The built renderer (`out/renderer`) of the Audit Desk package this module belongs to, found by
 * walking up to the package.json named audit-desk; works from `out/cli` and from `src/cli` (tsx).
 */
export function locateRendererDirectory(moduleDirectory: string): string {
  let directory = moduleDirectory
  for (;;) {
    const manifest = path.join(directory, 'package.json')
    if (fs.existsSync(manifest) && isAuditDeskManifest(manifest))
      return path.join(directory, 'out', 'renderer')
    const parent = path.dirname(directory)
    if (parent === directory) return path.resolve(moduleDirectory, '..', 'renderer')
    directory = parent
  }
}

function isAuditDeskManifest(file: string): boolean {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'))
    return (
      typeof parsed === 'object' &&
      parsed !== null &&
      'name' in parsed &&
      parsed.name === 'audit-desk'
    )
  } catch {
    return false
  }
}
