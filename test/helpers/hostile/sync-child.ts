// A sync in a child process, for the kill test: opens the cache in a data directory and syncs both
// streams from a server, appending markers to a file that survives a SIGKILL:
//   start <audit last_seq> <request last_seq>   the cache is open (the writer lock is ours) and
//                                               these are the committed cursors' last seqs
//   row <stream> <seq>     an event row was inserted (committed or not: the next start tells)
//   done <outcomes>        the sync returned
// On stdout it prints the `start` line too, then `rows` after every <limit> inserted rows (a page's
// worth), so the parent can time its kill by progress whatever the engine's speed.
// Temp triggers watch the inserts: they live on this connection only and never touch the file,
// and they do not depend on how the engine groups pages into transactions.
// Each insert may spin a few microseconds (the last argument) to widen the window in which a kill
// lands inside a transaction, as a slow disk would; nothing else about the engine is changed.
// Usage: node --import tsx sync-child.ts <data directory> <base url> <api key> <limit> <marker file>
//        [spin µs per insert]
import fs from 'node:fs'
import { openDatabase } from '../../../src/core/store/database'
import { abortableSleep } from '../../../src/core/sync/sleep'
import { syncOrganization } from '../../../src/core/sync/sync-organization'

const [dataDirectory, baseUrl, apiKey, limitText, markerFile, spinText] = process.argv.slice(2)
if (
  dataDirectory === undefined ||
  baseUrl === undefined ||
  apiKey === undefined ||
  limitText === undefined ||
  markerFile === undefined
) {
  process.stderr.write(
    'usage: sync-child <data directory> <base url> <api key> <limit> <marker file> [spin µs]\n',
  )
  process.exit(2)
}

const markers = fs.openSync(markerFile, 'a')
const mark = (line: string): void => {
  fs.writeSync(markers, `${line}\n`)
}

const opened = openDatabase(dataDirectory, Date.now())
const lastSeqs = ['audit-events', 'request-logs'].map(
  (stream) =>
    opened.db
      .prepare<[string], { last_seq: number }>(
        'SELECT max(last_seq) AS last_seq FROM sync_state WHERE stream = ?',
      )
      .get(stream)?.last_seq ?? 0,
)
mark(`start ${lastSeqs.join(' ')}`)
process.stdout.write(`start ${lastSeqs.join(' ')}\n`) // synchronous for pipes on Linux

const spinMs = Number(spinText ?? '0') / 1000
const rowsPerNotice = Number(limitText)
let inserted = 0
opened.db.function('kill_test_inserted', (stream: unknown, seq: unknown) => {
  mark(`row ${String(stream)} ${String(seq)}`)
  inserted += 1
  if (inserted % rowsPerNotice === 0) process.stdout.write('rows\n')
  const until = performance.now() + spinMs
  while (performance.now() < until) {
    // Spinning, not sleeping: the transaction stays open on this thread.
  }
  return null
})
for (const [table, stream] of [
  ['audit_events', 'audit-events'],
  ['request_logs', 'request-logs'],
] as const) {
  opened.db.exec(
    `CREATE TEMP TRIGGER kill_test_${table} AFTER INSERT ON main.${table} BEGIN SELECT kill_test_inserted('${stream}', NEW.seq); END`,
  )
}

const result = await syncOrganization(
  {
    db: opened.db,
    fetch,
    clock: Date.now,
    sleep: abortableSleep,
    random: Math.random,
    emit: () => undefined,
  },
  { baseUrl, apiKey, streams: ['audit-events', 'request-logs'], limit: Number(limitText) },
)
mark(
  `done ${result.ok ? result.streams.map((stream) => stream.outcome).join(' ') : result.error.code}`,
)
opened.close()
