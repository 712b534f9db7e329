// Demo organization server: how fast it generates a large organization, and how fast it serves
// the whole audit stream over loopback HTTP (limit 1000), with the process's peak RSS.
import { startDemoServer } from '../src/demo-org/index'
import { peakRssMegabytes, type BenchRow, type BenchSuite } from './harness'

const suite = 'demo-serve'

type Page = { data: unknown[]; next_cursor: string; has_more: boolean }

async function pageThrough(url: string, key: string): Promise<{ events: number; pages: number }> {
  let events = 0
  let pages = 0
  let query = 'limit=1000'
  for (;;) {
    const response = await fetch(`${url}/v1/audit-events?${query}`, {
      headers: { authorization: `Bearer ${key}` },
    })
    if (response.status !== 200)
      throw new Error(`page ${pages + 1} answered ${response.status}: ${await response.text()}`)
    const page = (await response.json()) as Page // the contract's 200 body of a stream endpoint
    events += page.data.length
    pages += 1
    if (!page.has_more) return { events, pages }
    query = `limit=1000&cursor=${encodeURIComponent(page.next_cursor)}`
  }
}

/** Generates a 1,000,000-event organization (20,000 when quick), then pages through it. */
export const demoServeSuite: BenchSuite = {
  name: suite,
  run: async ({ quick }) => {
    const auditEvents = quick ? 20_000 : 1_000_000
    const requestLogs = quick ? 20_000 : 100_000
    const server = await startDemoServer({ auditEvents, requestLogs, days: 90 })
    try {
      const generated = server.counts.auditEvents + server.counts.requestLogs
      const started = performance.now()
      const { events, pages } = await pageThrough(server.url, server.keys.full)
      const seconds = (performance.now() - started) / 1000
      if (events !== server.counts.auditEvents)
        throw new Error(`served ${events} of ${server.counts.auditEvents} events`)
      const note = `${auditEvents.toLocaleString('en-US')} audit events + ${requestLogs.toLocaleString('en-US')} request logs`
      const rows: BenchRow[] = [
        {
          suite,
          case: 'generate organization',
          value: server.counts.generationMs / 1000,
          unit: 's',
          note,
        },
        {
          suite,
          case: 'generation rate',
          value: Math.round(generated / (server.counts.generationMs / 1000)),
          unit: 'records/s',
          note: 'both streams, indexes included',
        },
        {
          suite,
          case: 'serve audit stream (limit 1000)',
          value: Math.round(events / seconds),
          unit: 'events/s',
          note: `${pages.toLocaleString('en-US')} pages over loopback HTTP, ${seconds.toFixed(1)} s`,
        },
        {
          suite,
          case: 'peak RSS',
          value: peakRssMegabytes(),
          unit: 'MB',
          note: 'server and client in one process',
        },
      ]
      return rows
    } finally {
      await server.close()
    }
  },
}
