import fs from 'node:fs'
import path from 'node:path'

/**
 * The better-sqlite3 addon built for Electron by scripts/prepare-electron.mjs, kept apart from
 * node_modules so that `npm test` keeps loading the Node build. Undefined when absent (the core
 * then reports the database as unavailable with the addon's own message).
 */
export function electronSqliteBinding(appPath: string, resourcesPath: string): string | undefined {
  const candidates = [
    path.join(resourcesPath, 'native', 'better_sqlite3.node'),
    path.join(appPath, '.electron-native', 'better_sqlite3.node'),
  ]
  return candidates.find((candidate) => fs.existsSync(candidate))
}
