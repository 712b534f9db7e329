// Which connection (organization) a command reads when a cache may hold several: the one named by
// --connection, else the cache's only one. Shared by pack, export and query.
import type Database from 'better-sqlite3'
import { createConnectionStore } from '../core/store/connection-store'
import { UsageError } from './io'

/** The --connection flag as parseArgs options, and its help line. */
export const connectionFlagOption = { connection: { type: 'string' } } as const
export const connectionFlagHelp =
  '  --connection ID    which organization, required when the cache holds several'

/**
 * The connection id to read: `wanted` when the cache holds it, else the only one of `ids`. Several
 * without `wanted`, or an unknown `wanted`, is a UsageError listing them (with `names` when given).
 */
export function chooseConnection(
  ids: readonly string[],
  wanted: string | undefined,
  file: string,
  names: ReadonlyMap<string, string> = new Map(),
): string {
  const listed = ids.map((id) => (names.has(id) ? `${id} (${names.get(id) ?? ''})` : id))
  if (wanted !== undefined) {
    if (!ids.includes(wanted))
      throw new UsageError(
        `--connection ${wanted} is not in ${file}; it holds ${listed.join(', ') || 'none'}`,
      )
    return wanted
  }
  const [only, ...others] = ids
  if (only === undefined)
    throw new Error(`The cache ${file} holds no connection. Run \`audit-desk sync\` first.`)
  if (others.length > 0)
    throw new UsageError(
      `the cache holds several connections (${listed.join(', ')}); choose one with --connection`,
    )
  return only
}

/** chooseConnection over the connections stored in `db`, naming each organization and its server. */
export function chooseCacheConnection(
  db: Database.Database,
  wanted: string | undefined,
  file: string,
): string {
  const connections = createConnectionStore(db).list()
  return chooseConnection(
    connections.map((connection) => connection.id),
    wanted,
    file,
    // Two servers may host organizations of the same name: the address tells them apart.
    new Map(
      connections.map((connection) => [
        connection.id,
        `${connection.organizationName} at ${connection.baseUrl}`,
      ]),
    ),
  )
}
