// Runs one sync in its own process so its peak memory is its own: `tsx bench/sync-child.ts URL
// KEY DB STREAM`. Prints one JSON line: events, seconds, events per second, peak RSS in MB.
import { openDatabaseFile } from '../src/core/store/database'
import { abortableSleep } from '../src/core/sync/sleep'
import { syncOrganization } from '../src/core/sync/sync-organization'
import { peakRssMegabytes } from './harness'

const [url, key, file, stream] = process.argv.slice(2)
if (
  url === undefined ||
  key === undefined ||
  file === undefined ||
  (stream !== 'audit-events' && stream !== 'request-logs')
) {
  throw new Error('usage: sync-child.ts URL KEY DB audit-events|request-logs')
}
const opened = openDatabaseFile(file, Date.now())
const started = performance.now()
const result = await syncOrganization(
  {
    db: opened.db,
    fetch,
    clock: Date.now,
    sleep: abortableSleep,
    random: Math.random,
    emit: () => undefined,
  },
  { baseUrl: url, apiKey: key, streams: [stream] },
)
const seconds = (performance.now() - started) / 1000
opened.close()
if (!result.ok || result.streams[0]?.outcome !== 'complete')
  throw new Error(`sync did not complete: ${JSON.stringify(result)}`)
const events = result.streams[0].newEvents
console.log(
  JSON.stringify({
    events,
    seconds,
    eventsPerSecond: events / seconds,
    peakRssMb: peakRssMegabytes(),
    indexed: result.indexed,
    indexSeconds: result.indexMs / 1000,
  }),
)
