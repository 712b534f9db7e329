// Charts benchmark (issue 6, items 2 and 7): the Monitoring charts over a 90-day filter on
// 1,000,000 audit events and 10,000,000 request log entries (--quick: 20,000 and 100,000). First
// the chart rollups: built from scratch after the initial sync, then updated after a sync of a
// typical batch. Then each chart's core time (plan, SQL on the chart worker, shaping), for
// filters the rollups answer and for filters only the events answer, and all six as the panel
// asks for them (one worker, so they queue). Then the browser: Chromium on browser mode, from
// Apply in the Charts tab's query bar to every chart drawn. Target: charts render in < 500 ms.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { chromium } from '@playwright/test'
import { createChartService } from '../src/core/charts/chart-service'
import { updateChartRollups } from '../src/core/charts/rollups'
import { silentLogger } from '../src/core/ports'
import { databaseFileName, openDatabaseFile } from '../src/core/store/database'
import { abortableSleep } from '../src/core/sync/sleep'
import { syncOrganization } from '../src/core/sync/sync-organization'
import { startDemoServer } from '../src/demo-org/index'
import type { EventFilter } from '../src/shared/filter'
import { formatQuery } from '../src/shared/query-language'
import { startWebhost } from '../src/webhost/server'
import type { BenchRow, BenchSuite } from './harness'

const root = path.resolve(import.meta.dirname, '..')
const day = 86_400_000
/** Events per stream of the batch a follow-mode sync brings (about a minute of a busy org). */
const batch = 500

type DemoServer = Awaited<ReturnType<typeof startDemoServer>>

/** The charts over a 90-day filter, in the core and in the browser. */
export const chartsSuite: BenchSuite = {
  name: 'charts',
  run: async ({ quick }) => {
    const audit = quick ? 20_000 : 1_000_000
    const requests = quick ? 100_000 : 10_000_000
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-desk-charts-'))
    const dataDirectory = path.join(directory, 'data')
    fs.mkdirSync(dataDirectory)
    const file = path.join(dataDirectory, databaseFileName)
    const server = await startDemoServer({
      auditEvents: audit,
      requestLogs: requests,
      dataDirectory: path.join(directory, 'demo'),
    })
    const label = `${audit.toLocaleString('en-US')} audit + ${requests.toLocaleString('en-US')} requests`
    try {
      const rows = await measureRollups(file, server, label)
      rows.push(...(await measureCore(file, quick ? 3 : 7)))
      if (fs.existsSync(path.join(root, 'out', 'renderer', 'index.html')))
        rows.push(...(await measureBrowser(dataDirectory, file, quick ? 3 : 7)))
      else
        process.stderr.write(
          'charts: the renderer is not built (npm run build): no browser figures\n',
        )
      return rows
    } finally {
      await server.close()
      fs.rmSync(directory, { recursive: true, force: true })
    }
  },
}

/** Syncs both streams, then times the rollups built from scratch and after a small sync. */
async function measureRollups(
  file: string,
  server: DemoServer,
  label: string,
): Promise<BenchRow[]> {
  const opened = openDatabaseFile(file, Date.now())
  try {
    await syncAll(opened.db, server)
    let started = performance.now()
    await updateChartRollups(opened.db, Date.now())
    const full = performance.now() - started
    server.appendLiveActivity(batch)
    await syncAll(opened.db, server)
    started = performance.now()
    await updateChartRollups(opened.db, Date.now())
    const incremental = performance.now() - started
    return [
      row('rollups built from scratch', full, `${label}; once, after the first sync`),
      row(
        'rollups updated after a sync',
        incremental,
        `${String(batch)} new audit events + ${String(batch)} requests`,
      ),
    ]
  } finally {
    opened.close()
  }
}

const methods = [
  'charts.signIns',
  'charts.failedSignInHours',
  'charts.signInCountries',
  'charts.keyRequests',
  'charts.requestHealth',
  'charts.topEndpoints',
] as const

type Method = (typeof methods)[number]
const auditMethods: ReadonlySet<Method> = new Set([
  'charts.signIns',
  'charts.failedSignInHours',
  'charts.signInCountries',
])
const isAudit = (method: Method) => auditMethods.has(method)

/** A filter case: the audit charts' filter and the request charts' filter. */
type Case = { name: string; audit: EventFilter; requests: EventFilter }

function cases(db: Database.Database): Case[] {
  const newest = Number(db.prepare('SELECT max(occurred_at) FROM request_logs').pluck().get())
  const connectionId = String(db.prepare('SELECT id FROM connections').pluck().get())
  const key = String(db.prepare('SELECT key_id FROM api_keys LIMIT 1').pluck().get())
  const actor = String(
    db
      .prepare("SELECT actor_id FROM audit_events WHERE action = 'user.signed_in' LIMIT 1")
      .pluck()
      .get(),
  )
  const both = (filter: EventFilter) => ({ ...filter, connectionId })
  const from = newest - 90 * day
  return [
    { name: '90 days', audit: both({ from }), requests: both({ from }) },
    {
      name: '7 days (hourly)',
      audit: both({ from: newest - 7 * day }),
      requests: both({ from: newest - 7 * day }),
    },
    {
      name: '90 days, failures',
      audit: both({ from, status: 'failure' }),
      requests: both({ from, status: 'failure' }),
    },
    {
      name: '90 days, one actor / key',
      audit: both({ from, actor }),
      requests: both({ from, apiKey: key }),
    },
    {
      name: '90 days, not in the rollups',
      audit: both({ from, categories: ['authentication'] }),
      requests: both({ from, endpoint: '/v1/templates' }),
    },
  ]
}

/** Each chart's core time over several filter cases, and all six together. */
async function measureCore(file: string, runs: number): Promise<BenchRow[]> {
  const db = new Database(file, { readonly: true })
  const service = createChartService(() => db)
  const rows: BenchRow[] = []
  try {
    for (const each of cases(db)) {
      const call = (method: Method) =>
        service[method]({ filter: isAudit(method) ? each.audit : each.requests })
      for (const method of methods) await call(method) // warm: statements and pages
      const all: number[] = []
      for (let run = 0; run < runs; run += 1) {
        const started = performance.now()
        await Promise.all(methods.map(call))
        all.push(performance.now() - started)
      }
      rows.push(
        row(`${each.name}: all six charts (core)`, quantile(all, 0.5), `p50 of ${String(runs)}`),
      )
      if (each.name !== '90 days' && each.name !== '90 days, not in the rollups') continue
      for (const method of methods) {
        const times: number[] = []
        let source = ''
        for (let run = 0; run < runs; run += 1) {
          const started = performance.now()
          const out = await call(method)
          times.push(performance.now() - started)
          source = 'computedFrom' in out ? out.computedFrom : 'events'
        }
        rows.push(row(`${each.name}: ${method}`, quantile(times, 0.5), `p50; from ${source}`))
      }
    }
  } finally {
    service.close()
    db.close()
  }
  return rows
}

// In the page: applies a query in the Charts tab and resolves, on the frame after every chart
// card has left its loading state, with the time since Apply (a plain JavaScript source: this
// program has no DOM types).
const applyChartsQuerySource = `(text) => new Promise((resolve, reject) => {
  const input = document.querySelector('[data-testid="query-input"]')
  const apply = document.querySelector('[data-testid="query-apply"]')
  if (input === null || apply === null) return reject(new Error('no query bar'))
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, text)
  input.dispatchEvent(new Event('input', { bubbles: true }))
  let sawLoading = false
  const states = () => [...document.querySelectorAll('section.chart-card[data-state]')].map((card) => card.getAttribute('data-state'))
  requestAnimationFrame(() => {
    const started = performance.now()
    const check = () => {
      const now = states()
      if (now.includes('loading')) { sawLoading = true; return }
      if (!sawLoading || now.length < 7) return
      observer.disconnect()
      requestAnimationFrame(() => resolve(performance.now() - started))
    }
    const observer = new MutationObserver(check)
    observer.observe(document.body, { subtree: true, childList: true, attributes: true })
    setTimeout(() => { observer.disconnect(); reject(new Error('charts not drawn within 60 s: ' + states().join(','))) }, 60000)
    apply.click()
  })
})`

/** Apply → every chart drawn, in Chromium against browser mode, alternating two 90-day queries. */
async function measureBrowser(
  dataDirectory: string,
  file: string,
  runs: number,
): Promise<BenchRow[]> {
  const reader = new Database(file, { readonly: true })
  const newest = Number(reader.prepare('SELECT max(occurred_at) FROM request_logs').pluck().get())
  reader.close()
  const host = await startWebhost({
    dataDirectory,
    rendererDirectory: path.join(root, 'out', 'renderer'),
    logger: silentLogger,
  })
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 2400 } })
    const started = performance.now()
    await page.goto(`${host.url}#/monitoring/charts`)
    await page
      .locator('section.chart-card[data-state="ready"]')
      .nth(6)
      .waitFor({ timeout: 120_000 })
    const opened = performance.now() - started
    // Two 90-day ranges a minute apart, so each Apply asks the core again.
    const queries = [0, 60_000].map((shift) => formatQuery({ from: newest - 90 * day - shift }))
    const times: number[] = []
    for (let run = 0; run < runs * 2; run += 1) {
      const text = queries[run % 2] ?? ''
      times.push(
        Number(await page.evaluate(`(${applyChartsQuerySource})(${JSON.stringify(text)})`)),
      )
    }
    return [
      row(
        'browser: open the Charts tab → all charts drawn',
        opened,
        'cold: first queries of the page',
      ),
      row(
        'browser: Apply a 90-day filter → all charts drawn, p50',
        quantile(times, 0.5),
        `${String(times.length)} applies; target < 500`,
      ),
      row(
        'browser: Apply a 90-day filter → all charts drawn, p95',
        quantile(times, 0.95),
        'target < 500',
      ),
    ]
  } finally {
    await browser.close()
    await host.close()
  }
}

/** Syncs both streams of the demo organization into the cache, in this process. */
async function syncAll(db: Database.Database, server: DemoServer): Promise<void> {
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

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
}

const row = (name: string, ms: number, note: string): BenchRow => ({
  suite: 'charts',
  case: name,
  value: Math.round(ms * 10) / 10,
  unit: 'ms',
  note,
})
