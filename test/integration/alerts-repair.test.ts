// Alert rules on events a day repair fills in, end to end through the dispatcher against the demo
// organization: an api_key.created event the sync missed (deleted from the cache with its alert,
// as if never delivered) is restored by coverage.repair below the alert watermark, and the next
// after-sync evaluation raises it once; evaluating again raises nothing more.
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Alert } from '../../src/shared/alert-schemas'
import type { CoreEvent } from '../../src/shared/contract'
import type { MethodName } from '../../src/shared/method-names'
import { createDispatcher } from '../../src/core/dispatcher'
import { silentLogger } from '../../src/core/ports'
import { databaseFileName } from '../../src/core/store/database'
import { dayMs } from '../../src/core/verify/days'
import { startDemoServer, type DemoServer } from '../../src/demo-org/index'
import { makeTempDir } from '../helpers/temp-dir'
import { makeTestCore } from '../helpers/test-core'

type Outcome =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; error: { code: string; message: string } }

let demo: DemoServer
const temp = makeTempDir()
const events: CoreEvent[] = []
let session: ReturnType<typeof makeTestCore>
let raw: Database.Database

async function value(method: MethodName, input: unknown = {}) {
  const result = (await createDispatcher(session.core.handlers, silentLogger)(
    method,
    input,
  )) as Outcome
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
  return result.value
}

/** Waits until `count` syncs have finished (their after-sync work, alerts included, done). */
async function finishedSyncs(count: number) {
  for (let waited = 0; waited < 60_000; waited += 20) {
    if (events.filter((event) => event.name === 'sync.finished').length >= count) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`${String(count)} syncs did not finish`)
}

async function alertsOn(connectionId: string, eventId: string) {
  const lists = await Promise.all(
    (['raised', 'historical'] as const).map((list) =>
      value('alerts.list', { connectionId, list, limit: 500 }),
    ),
  )
  return lists
    .flatMap((listed) => listed.alerts as Alert[])
    .filter((alert) => alert.event.id === eventId)
    .map((alert) => [alert.ruleId, alert.isHistorical])
}

beforeAll(async () => {
  demo = await startDemoServer({ seed: 5, auditEvents: 1_500, requestLogs: 200, days: 8 })
  session = makeTestCore(temp.dir, {
    clock: Date.now,
    demo: { start: () => Promise.resolve({ url: demo.url, apiKey: demo.keys.full }) },
    emit: (event) => events.push(event),
  })
  raw = new Database(path.join(temp.dir, databaseFileName))
})

afterAll(async () => {
  raw.close()
  session.core.close()
  temp.remove()
  await demo.close()
})

describe('alerts on repaired days', () => {
  it('raises an api_key.created a repair restores once, and not again', async () => {
    const connectionId = (await value('demo.start')).connectionId as string
    await finishedSyncs(1)
    // An api_key.created on a sealed day, missing as if the sync had never received it.
    const sealedBefore = Date.now() - 3 * dayMs
    const missing = raw
      .prepare<[number], { id: string; occurred_at: number }>(
        "SELECT id, occurred_at FROM audit_events WHERE action = 'api_key.created' AND occurred_at < ? ORDER BY seq DESC LIMIT 1",
      )
      .get(sealedBefore)
    if (missing === undefined) throw new Error('no api_key.created on a sealed day')
    raw.prepare('DELETE FROM alerts WHERE event_id = ?').run(missing.id)
    raw.prepare('DELETE FROM audit_events WHERE id = ?').run(missing.id)
    const day = new Date(Math.floor(missing.occurred_at / dayMs) * dayMs).toISOString().slice(0, 10)

    await value('coverage.verify', { connectionId, streams: ['audit-events'] })
    const repaired = await value('coverage.repair', {
      connectionId,
      stream: 'audit-events',
      days: [day],
    })
    expect(repaired.days).toMatchObject([{ date: day, outcome: 'verified', added: 1 }])
    expect(await alertsOn(connectionId, missing.id)).toEqual([])

    // The next sync brings nothing new; its after-sync alerts evaluate the restored event.
    await value('sync.start', { connectionId, streams: ['audit-events'] })
    await finishedSyncs(2)
    expect(await alertsOn(connectionId, missing.id)).toEqual([['builtin.api-key-created', false]])
    await value('sync.start', { connectionId, streams: ['audit-events'] })
    await finishedSyncs(3)
    expect(await alertsOn(connectionId, missing.id)).toEqual([['builtin.api-key-created', false]])
  })
})
