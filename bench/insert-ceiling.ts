// The ceiling the sync is measured against (issue 4): the rate of a bare INSERT of the same rows
// into an index-free table with the same columns, same pragmas (WAL, synchronous=FULL), 10,000
// rows per transaction, in this process. Reading the rows is not timed.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

/** Inserts every row of `table` from the cache `sourceFile` into a bare copy; rows per second. */
export function measureInsertCeiling(
  sourceFile: string,
  table: 'audit_events' | 'request_logs',
  workDirectory: string,
): number {
  const source = new Database(sourceFile, { readonly: true })
  const targetFile = path.join(workDirectory, `ceiling-${table}.sqlite`)
  fs.rmSync(targetFile, { force: true })
  const target = new Database(targetFile)
  target.pragma('journal_mode = WAL')
  target.pragma('synchronous = FULL')
  const columns = source
    .prepare<[], { name: string; type: string }>(
      `SELECT name, type FROM pragma_table_info('${table}')`,
    )
    .all()
  const names = columns.filter((column) => column.name !== 'row_id').map((column) => column.name)
  target.exec(
    `CREATE TABLE bare (${columns
      .filter((c) => c.name !== 'row_id')
      .map((c) => `${c.name} ${c.type}`)
      .join(', ')}) STRICT`,
  )
  const insert = target.prepare(
    `INSERT INTO bare (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
  )
  const read = source
    .prepare(
      `SELECT ${names.join(', ')} FROM ${table} WHERE row_id > ? ORDER BY row_id LIMIT 10000`,
    )
    .raw()
  const lastRow = source.prepare<[number], { row_id: number }>(
    `SELECT row_id FROM ${table} WHERE row_id > ? ORDER BY row_id LIMIT 1 OFFSET 9999`,
  )
  let after = 0
  let rows = 0
  let insertMs = 0
  for (;;) {
    const batch = read.all(after) as unknown[][]
    if (batch.length === 0) break
    const started = performance.now()
    target.transaction(() => {
      for (const row of batch) insert.run(row)
    })()
    insertMs += performance.now() - started
    rows += batch.length
    after = lastRow.get(after)?.row_id ?? Number.MAX_SAFE_INTEGER
  }
  source.close()
  target.close()
  fs.rmSync(targetFile, { force: true })
  fs.rmSync(`${targetFile}-wal`, { force: true })
  fs.rmSync(`${targetFile}-shm`, { force: true })
  return rows / (insertMs / 1000)
}
