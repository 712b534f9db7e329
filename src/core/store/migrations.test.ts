import Database from 'better-sqlite3'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { CoreError } from '../errors'
import { migrate, migrations, type Migration } from './migrations'

const now = Date.UTC(2026, 10, 26)

describe('migrate', () => {
  let temp: ReturnType<typeof makeTempDir>
  let db: Database.Database
  beforeEach(() => {
    temp = makeTempDir()
    db = new Database(path.join(temp.dir, 'm.sqlite'))
  })
  afterEach(() => {
    db.close()
    temp.remove()
  })

  it('applies every migration once and reports the newest id as the schema version', () => {
    expect(migrate(db, now)).toBe(migrations.at(-1)?.id)
    expect(migrate(db, now + 1)).toBe(migrations.at(-1)?.id)
    const applied = db.prepare('SELECT id, applied_at FROM schema_migrations').all()
    expect(applied).toEqual(migrations.map((m) => ({ id: m.id, applied_at: now })))
  })

  it('keeps actors, API keys and events through the unique-keys step', () => {
    migrate(db, now, migrations.slice(0, 6))
    db.exec(`
      INSERT INTO connections (id, organization_id, organization_name, base_url, added_at)
        VALUES ('con_1', 'org_1', 'Acme', 'http://127.0.0.1:1', 0);
      INSERT INTO actors VALUES ('con_1', 'usr_1', 'user', 'ana@acme.example', 'Ana');
      INSERT INTO api_keys VALUES ('con_1', 'key_1', '9f2c', 'CI');
    `)
    migrate(db, now)
    expect(db.prepare('SELECT actor_id, email FROM actors').all()).toEqual([
      { actor_id: 'usr_1', email: 'ana@acme.example' },
    ])
    expect(db.prepare('SELECT key_id FROM api_keys').all()).toEqual([{ key_id: 'key_1' }])
    // An actor without an email (refused by the old STRICT primary key) is now kept, once.
    const remember = db.prepare(
      "INSERT OR IGNORE INTO actors VALUES ('con_1', 'key_1', 'api_key', NULL, NULL)",
    )
    expect(remember.run().changes).toBe(1)
    expect(remember.run().changes).toBe(0)
  })

  it('numbers migrations 1, 2, 3, … with no gap or repeat', () => {
    expect(migrations.map((m) => m.id)).toEqual(migrations.map((_, index) => index + 1))
  })

  it('refuses a database whose applied migration was edited since', () => {
    const original: Migration[] = [
      { id: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER) STRICT;' },
    ]
    migrate(db, now, original)
    const edited: Migration[] = [{ id: 1, name: 'one', sql: 'CREATE TABLE a (x TEXT) STRICT;' }]
    expect(() => migrate(db, now, edited)).toThrow(/differs from this version/)
  })

  it('refuses a database made by a newer version with a migration this build lacks', () => {
    const newer: Migration[] = [
      { id: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER) STRICT;' },
      { id: 2, name: 'two', sql: 'CREATE TABLE b (x INTEGER) STRICT;' },
    ]
    migrate(db, now, newer)
    let error: unknown
    try {
      migrate(db, now, newer.slice(0, 1))
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(CoreError)
    expect((error as CoreError).code).toBe('database_schema_mismatch')
    expect((error as CoreError).message).toMatch(/newer Audit Desk/)
  })

  it('rolls back a failing migration entirely, leaving the earlier ones applied', () => {
    const list: Migration[] = [
      { id: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER) STRICT;' },
      {
        id: 2,
        name: 'broken',
        sql: 'CREATE TABLE b (x INTEGER) STRICT; CREATE TABLE a (y INTEGER);',
      },
    ]
    expect(() => migrate(db, now, list)).toThrow()
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all()
    expect(tables).toEqual(['a', 'schema_migrations'])
    expect(db.prepare('SELECT id FROM schema_migrations').pluck().all()).toEqual([1])
  })
})
