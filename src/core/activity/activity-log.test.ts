import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { openDatabase, type OpenDatabase } from '../store/database'
import {
  activityHash,
  appendActivity,
  checkActivityChain,
  checkActivityEntries,
  listActivity,
  readActivityLog,
  type ActivityInput,
} from './activity-log'

const file = { name: 'events.csv', rows: 3, bytes: 120, sha256: 'a'.repeat(64) }

function input(at: number, description = `export ${at}`): ActivityInput {
  return {
    at,
    reviewer: 'ana',
    kind: 'export',
    connectionId: 'conn_1',
    description,
    filter: JSON.stringify({ text: 'login' }),
    files: [file],
  }
}

describe('reviewer activity log', () => {
  let temp: ReturnType<typeof makeTempDir>
  let opened: OpenDatabase
  beforeEach(() => {
    temp = makeTempDir()
    opened = openDatabase(temp.dir, 0)
  })
  afterEach(() => {
    opened.close()
    temp.remove()
  })

  it('chains each entry to the one before and lists them newest first', () => {
    const first = appendActivity(opened.db, input(1_000))
    const second = appendActivity(opened.db, { ...input(2_000), kind: 'pack', connectionId: null })
    expect(first).toMatchObject({ id: 1, previousHash: '', files: [file] })
    expect(second.previousHash).toBe(first.hash)
    expect(second.hash).toBe(activityHash(second))
    expect(listActivity(opened.db, 10)).toEqual([second, first])
    expect(listActivity(opened.db, 1)).toEqual([second])
    expect(readActivityLog(opened.db)).toEqual([first, second])
    expect(checkActivityChain(opened.db)).toEqual({ isIntact: true, brokenAt: null })
    expect(checkActivityEntries([first, second])).toEqual({ isIntact: true, brokenAt: null })
  })

  it('refuses updates and deletes of stored entries', () => {
    appendActivity(opened.db, input(1_000))
    expect(() => opened.db.prepare("UPDATE reviewer_activity SET reviewer = 'eve'").run()).toThrow(
      /append-only/,
    )
    expect(() => opened.db.prepare('DELETE FROM reviewer_activity').run()).toThrow(/append-only/)
  })

  it('names the first entry whose row was changed in SQL', () => {
    for (const at of [1_000, 2_000, 3_000]) appendActivity(opened.db, input(at))
    opened.db.exec('DROP TRIGGER reviewer_activity_no_update')
    opened.db.prepare("UPDATE reviewer_activity SET filter = '{}' WHERE id = 2").run()
    expect(checkActivityChain(opened.db)).toEqual({ isIntact: false, brokenAt: 2 })
  })

  it('names the entry after a removed one, and a rehashed edit by its broken link', () => {
    for (const at of [1_000, 2_000, 3_000]) appendActivity(opened.db, input(at))
    opened.db.exec('DROP TRIGGER reviewer_activity_no_delete')
    opened.db.prepare('DELETE FROM reviewer_activity WHERE id = 2').run()
    expect(checkActivityChain(opened.db)).toEqual({ isIntact: false, brokenAt: 3 })

    const entries = readActivityLog(opened.db)
    const [one, three] = entries
    if (one === undefined || three === undefined) throw new Error('two entries expected')
    const edited = { ...one, reviewer: 'eve' }
    const rehashed = { ...edited, hash: activityHash(edited) }
    expect(checkActivityEntries([rehashed, three])).toEqual({ isIntact: false, brokenAt: 3 })
  })

  it('reports files text it cannot read back as a broken entry', () => {
    appendActivity(opened.db, input(1_000))
    opened.db.exec('DROP TRIGGER reviewer_activity_no_update')
    opened.db.prepare("UPDATE reviewer_activity SET files = 'not json'").run()
    expect(listActivity(opened.db, 5)[0]?.files).toEqual([])
    expect(checkActivityChain(opened.db)).toEqual({ isIntact: false, brokenAt: 1 })
  })
})
