import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { openDatabaseFile, type OpenDatabase } from './database'
import { refreshPlannerStatistics } from './statistics'

let temp: ReturnType<typeof makeTempDir>
let opened: OpenDatabase

function insertEvents(from: number, to: number): void {
  const insert = opened.db.prepare(
    `INSERT INTO audit_events (connection_id, seq, id, occurred_at, recorded_at, action, category,
       actor_type, actor_id, status, raw)
     VALUES ('con_1', ?, ?, ?, ?, 'user.signed_in', 'authentication', 'user', 'usr_1', 'success', '{}')`,
  )
  opened.db.transaction(() => {
    for (let seq = from; seq <= to; seq++) insert.run(seq, `evt_${seq}`, seq, seq)
  })()
}

beforeEach(() => {
  temp = makeTempDir()
  opened = openDatabaseFile(path.join(temp.dir, 'cache.sqlite'), 0)
  opened.db
    .exec(`INSERT INTO connections (id, organization_id, organization_name, base_url, added_at)
    VALUES ('con_1', 'org_1', 'Acme', 'http://127.0.0.1:1', 0)`)
  insertEvents(1, 2000)
})

afterEach(() => {
  opened.close()
  temp.remove()
})

const analysed = () =>
  opened.db
    .prepare<[], { tbl: string }>('SELECT DISTINCT tbl FROM sqlite_stat1 ORDER BY tbl')
    .all()
    .map((row) => row.tbl)

describe('refreshPlannerStatistics', () => {
  it('analyses only the table a sync grew by a tenth or more', () => {
    refreshPlannerStatistics(opened.db, [
      { table: 'audit_events', added: 2000 },
      { table: 'request_logs', added: 0 },
    ])
    expect(analysed()).toContain('audit_events')
    expect(analysed()).not.toContain('request_logs')
  })

  it('leaves the statistics alone after a small sync', () => {
    refreshPlannerStatistics(opened.db, [{ table: 'audit_events', added: 2000 }])
    const rowsCounted = () =>
      opened.db
        // The partial resource index counts only events with a resource (none here).
        .prepare<[], { stat: string }>(
          "SELECT stat FROM sqlite_stat1 WHERE tbl = 'audit_events' AND idx IS NOT 'audit_events_by_resource'",
        )
        .all()
        .map((row) => row.stat.split(' ')[0])
    expect(new Set(rowsCounted())).toEqual(new Set(['2000']))
    insertEvents(2001, 2100)
    refreshPlannerStatistics(opened.db, [{ table: 'audit_events', added: 100 }])
    expect(new Set(rowsCounted())).toEqual(new Set(['2000']))
  })
})
