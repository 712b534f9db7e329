import type Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { createRetention } from '../store/retention'
import { dayMs, hourMs } from './buckets'
import {
  generateAudit,
  generateRequests,
  makeChartCache,
  testEpoch,
  type TestAudit,
  type TestRequest,
} from './chart-test-support'
import { createRollupStateStore } from './rollup-state-store'
import { updateChartRollups } from './rollups'

const noPause = () => Promise.resolve()

/** Every rollup row (without its organization's id), sorted, to compare two caches' whole. */
function rollupRows(db: Database.Database): unknown[] {
  return ['request_rollups', 'request_route_rollups', 'sign_in_rollups'].map((table) =>
    db
      .prepare(`SELECT * FROM ${table}`)
      .raw()
      .all()
      .map((row) => JSON.stringify((row as unknown[]).slice(1))) // raw(): an array per row
      .sort(),
  )
}

/** The rollups a fresh cache holding exactly these events gets from one update. */
async function fromScratch(requests: TestRequest[], audit: TestAudit[]): Promise<unknown[]> {
  const cache = makeChartCache()
  try {
    cache.add({ requests, audit })
    await updateChartRollups(cache.db, testEpoch, { pause: noPause })
    return rollupRows(cache.db)
  } finally {
    cache.close()
  }
}

let close: (() => void) | undefined
afterEach(() => {
  close?.()
  close = undefined
})

function cache() {
  const made = makeChartCache()
  close = made.close
  return made
}

describe('chart rollups', () => {
  it('after several syncs equal the rollups built once from the same events', async () => {
    const charts = cache()
    const requests = generateRequests(1, 1500, testEpoch, 3 * dayMs)
    const audit = generateAudit(2, 600, testEpoch, 3 * dayMs)
    // Batches out of time order, as late events and repairs arrive: each update sees only new rows.
    for (const [index, part] of [0, 1, 2, 3].entries()) {
      charts.add({
        requests: requests.filter((_, at) => at % 4 === part),
        audit: audit.filter((_, at) => at % 4 === part),
      })
      const [first] = await updateChartRollups(charts.db, testEpoch, { pause: noPause })
      expect(first?.isFull).toBe(index === 0)
    }
    expect(rollupRows(charts.db)).toEqual(await fromScratch(requests, audit))
    const total = charts.db.prepare('SELECT sum(requests) FROM request_rollups WHERE span_ms = ?')
    expect(total.pluck().get(hourMs)).toBe(1500)
    expect(total.pluck().get(dayMs)).toBe(1500)
  })

  it('record their progress only when every affected hour is rebuilt', async () => {
    const charts = cache()
    charts.add({ requests: generateRequests(3, 300, testEpoch, 2 * dayMs) })
    await updateChartRollups(charts.db, testEpoch, { pause: noPause })
    const late = generateRequests(4, 200, testEpoch, 2 * dayMs)
    charts.add({ requests: late })
    const states = createRollupStateStore(charts.db)
    expect(states.isCurrent('request_logs')).toBe(false)
    // A crash between two days of the update: the progress stays where it was.
    const crash = () => Promise.reject(new Error('killed'))
    await expect(updateChartRollups(charts.db, testEpoch, { pause: crash })).rejects.toThrow()
    expect(states.isCurrent('request_logs')).toBe(false)
    await updateChartRollups(charts.db, testEpoch, { pause: noPause })
    expect(states.isCurrent('request_logs')).toBe(true)
    expect(rollupRows(charts.db)).toEqual(await fromScratch(charts.requests, charts.audit))
  })

  it('reflect events that local retention deleted, except those in a held period', async () => {
    const charts = cache()
    const requests = generateRequests(5, 800, testEpoch, 10 * dayMs)
    const audit = generateAudit(6, 300, testEpoch, 10 * dayMs)
    charts.add({ requests, audit })
    await updateChartRollups(charts.db, testEpoch, { pause: noPause })
    const now = testEpoch + 12 * dayMs
    const retention = createRetention(charts.db)
    retention.setRetentionDays(5)
    const held = { from: testEpoch + 2 * dayMs + 1234, to: testEpoch + 3 * dayMs - 999 }
    retention.hold(held.from, held.to, 'audit', now)
    retention.prune(now)
    await updateChartRollups(charts.db, now, { pause: noPause })
    const cutoff = now - 5 * dayMs
    const kept = (at: number) => at >= cutoff || (at >= held.from && at < held.to)
    expect(rollupRows(charts.db)).toEqual(
      await fromScratch(
        requests.filter((request) => kept(request.at)),
        audit.filter((event) => kept(event.at)),
      ),
    )
  })

  it('notice a row id that was deleted and used again, and rebuild everything', async () => {
    const charts = cache()
    const first = generateRequests(7, 100, testEpoch, dayMs)
    charts.add({ requests: first })
    await updateChartRollups(charts.db, testEpoch, { pause: noPause })
    // The newest rows go (as retention would prune them) and new rows take their ids.
    charts.db.prepare('DELETE FROM request_logs WHERE row_id > 50').run()
    const second = generateRequests(8, 100, testEpoch + dayMs, dayMs)
    charts.add({ requests: second })
    const [update] = await updateChartRollups(charts.db, testEpoch, { pause: noPause })
    expect(update?.isFull).toBe(true)
    const remaining = charts.db.prepare<[], string>('SELECT id FROM request_logs').pluck().all()
    const ids = new Set(remaining)
    expect(rollupRows(charts.db)).toEqual(
      await fromScratch(
        charts.requests.filter((request) => ids.has(request.id)),
        [],
      ),
    )
  })

  it('summarise durations in bins whose counts add up to the requests', async () => {
    const charts = cache()
    charts.add({ requests: generateRequests(9, 400, testEpoch, 2 * dayMs) })
    await updateChartRollups(charts.db, testEpoch, { pause: noPause })
    const bins = Array.from({ length: 162 }, (_, bin) => `d${String(bin)}`).join(' + ')
    const mismatched = charts.db
      .prepare(`SELECT count(*) FROM request_rollups WHERE requests != ${bins}`)
      .pluck()
      .get()
    expect(mismatched).toBe(0)
  })
})
