import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { openDatabase } from './database'

// The schema snapshot: any change to the cache's schema shows up here as a diff to review.
// A deliberate change is a new migration plus `npx vitest -u` to accept the new snapshot.
describe('cache schema', () => {
  it('matches the reviewed snapshot after all migrations', async () => {
    const temp = makeTempDir()
    const opened = openDatabase(temp.dir, 0)
    const sql = opened.db
      .prepare<[], { sql: string }>(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
      )
      .all()
      .map((row) => `${row.sql.trim()};`)
      .join('\n\n')
    opened.close()
    temp.remove()
    await expect(`${sql}\n`).toMatchFileSnapshot(
      path.join(import.meta.dirname, 'schema.snapshot.sql'),
    )
  })
})
