// Detections benchmark (issue 6, item 7): every detection over a large cache, first in full
// (including the hourly API usage summary built from every request row), then a full
// re-evaluation with the summary kept (what new thresholds cost), then incrementally after a
// sync of a typical batch. Target: full < 10 s at 1,000,000 audit events and 10,000,000 request
// log entries; incremental < 1 s. Also the first page of the largest finding's evidence.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createDetectionSettingsStore } from '../src/core/detect/settings-store'
import { createFindingStore } from '../src/core/detect/finding-store'
import { runDetections } from '../src/core/detect/run-detections'
import { createEventQuery } from '../src/core/query/event-query'
import { openDatabaseFile } from '../src/core/store/database'
import { abortableSleep } from '../src/core/sync/sleep'
import { syncOrganization } from '../src/core/sync/sync-organization'
import { startDemoServer } from '../src/demo-org/index'
import type { BenchRow, BenchSuite } from './harness'

/** Events per stream of the batch a follow-mode sync brings (about a minute of a busy org). */
const batch = 500

/** Every detection over 1,000,000 audit events and 10,000,000 request log entries. */
export const detectSuite: BenchSuite = {
  name: 'detect',
  run: async ({ quick }) => {
    const audit = quick ? 20_000 : 1_000_000
    const requests = quick ? 100_000 : 10_000_000
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-desk-detect-'))
    const file = path.join(directory, 'cache.sqlite')
    const server = await startDemoServer({
      auditEvents: audit,
      requestLogs: requests,
      dataDirectory: path.join(directory, 'demo'),
    })
    try {
      const opened = openDatabaseFile(file, Date.now())
      try {
        await syncAll(opened.db, server)
      } finally {
        opened.close()
      }
      return await measure(file, server, { audit, requests })
    } finally {
      await server.close()
      fs.rmSync(directory, { recursive: true, force: true })
    }
  },
}

async function measure(
  file: string,
  server: Awaited<ReturnType<typeof startDemoServer>>,
  sizes: { audit: number; requests: number },
): Promise<BenchRow[]> {
  const opened = openDatabaseFile(file, Date.now())
  const label = `${sizes.audit.toLocaleString('en-US')} audit + ${sizes.requests.toLocaleString('en-US')} requests`
  try {
    const connectionId = String(opened.db.prepare('SELECT id FROM connections').pluck().get())
    const full = runDetections(opened.db, connectionId, Date.now())
    // New thresholds: every event evaluated again, the usage summary kept.
    createDetectionSettingsStore(opened.db).set(
      'impossible-travel',
      { thresholds: { maxSpeedKmh: 950 } },
      { author: 'bench', at: Date.now() },
    )
    const again = runDetections(opened.db, connectionId, Date.now())
    server.appendLiveActivity(batch)
    await syncAll(opened.db, server)
    const incremental = runDetections(opened.db, connectionId, Date.now())
    const evidence = largestEvidencePage(opened.db, connectionId)
    return [
      row(
        'all detections, full run (usage summary built)',
        full.durationMs,
        'ms',
        `${label}; ${String(full.findings)} findings; target < 10,000 ms`,
      ),
      row(
        'all detections, full re-evaluation (summary kept)',
        again.durationMs,
        'ms',
        `${label}; after a threshold change`,
      ),
      row(
        'all detections, incremental after a sync',
        incremental.durationMs,
        'ms',
        `${String(batch)} new audit events + ${String(batch)} requests; target < 1,000 ms`,
      ),
      row(
        'first page of the largest finding’s evidence',
        evidence.ms,
        'ms',
        `${evidence.events.toLocaleString('en-US')} evidence events (finding:<id>)`,
      ),
    ]
  } finally {
    opened.close()
  }
}

/** Syncs both streams of the demo organization into the cache, in this process. */
async function syncAll(
  db: Parameters<typeof runDetections>[0],
  server: Awaited<ReturnType<typeof startDemoServer>>,
): Promise<void> {
  const synced = await syncOrganization(
    {
      db,
      fetch,
      clock: Date.now,
      sleep: abortableSleep,
      random: Math.random,
      emit: () => undefined,
    },
    { baseUrl: server.url, apiKey: server.keys.full, streams: ['audit-events', 'request-logs'] },
  )
  if (!synced.ok || synced.streams.some((stream) => stream.outcome !== 'complete'))
    throw new Error('the demo organization did not sync completely')
}

function largestEvidencePage(db: Parameters<typeof createEventQuery>[0], connectionId: string) {
  const rows = createFindingStore(db).list({ connectionId, limit: 10_000 }).rows
  const largest = rows.reduce<(typeof rows)[number] | undefined>(
    (best, each) =>
      best === undefined ||
      each.audit_evidence + each.request_evidence > best.audit_evidence + best.request_evidence
        ? each
        : best,
    undefined,
  )
  if (largest === undefined) return { ms: 0, events: 0 }
  const stream = largest.request_evidence > largest.audit_evidence ? 'request-logs' : 'audit-events'
  const query = createEventQuery(db)
  const started = performance.now()
  query.page(stream, { connectionId, finding: largest.id }, 200)
  return {
    ms: Math.round((performance.now() - started) * 10) / 10,
    events: largest.audit_evidence + largest.request_evidence,
  }
}

const row = (name: string, value: number, unit: string, note: string): BenchRow => ({
  suite: 'detect',
  case: name,
  value,
  unit,
  note,
})
