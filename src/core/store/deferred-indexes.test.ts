import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { openDatabase } from './database'
import { deferSecondaryIndexes, isTableEmpty, restoreDeferredIndexes } from './deferred-indexes'

const indexNames = (db: ReturnType<typeof openDatabase>['db']) =>
  db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
    )
    .all()
    .map((row) => row.name)

describe('deferred indexes', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => {
    temp = makeTempDir()
  })
  afterEach(() => {
    temp.remove()
  })

  it('drops the secondary indexes except the ones a sync needs, and builds them again', () => {
    const opened = openDatabase(temp.dir, 0)
    const before = indexNames(opened.db)
    expect(isTableEmpty(opened.db, 'audit_events')).toBe(true)
    const dropped = deferSecondaryIndexes(opened.db, 'audit_events')
    expect(dropped).toBeGreaterThan(0)
    const during = indexNames(opened.db)
    expect(during).toContain('audit_events_by_seq')
    expect(during).toContain('audit_events_by_id')
    expect(during).toContain('audit_events_by_time')
    expect(during).not.toContain('audit_events_by_action')
    expect(restoreDeferredIndexes(opened.db)).toBe(dropped)
    expect(indexNames(opened.db)).toEqual(before)
    opened.close()
  })

  it('builds deferred indexes when the cache is opened after a crash mid-sync', () => {
    const first = openDatabase(temp.dir, 0)
    const before = indexNames(first.db)
    deferSecondaryIndexes(first.db, 'request_logs')
    first.close() // the process "dies" here, before its sync restored them
    const reopened = openDatabase(temp.dir, 0)
    expect(indexNames(reopened.db)).toEqual(before)
    expect(reopened.db.prepare('SELECT count(*) AS n FROM deferred_indexes').get()).toEqual({
      n: 0,
    })
    reopened.close()
  })
})
