import path from 'node:path'
import { updateChartRollups } from '../../core/charts/rollups'
import { openDatabaseFile } from '../../core/store/database'
import { abortableSleep } from '../../core/sync/sleep'
import { syncOrganization, type OrganizationSyncResult } from '../../core/sync/sync-organization'
import { reportSyncAlerts } from '../alerts-output'
import { reportDetections } from './findings'
import { readApiKey } from '../api-key'
import { UsageError, type CliIo, type Command } from '../io'
import { parseInstant, parseOptions, parseStreams, parseWhole } from '../options'
import { progressLine, summaryLine } from '../sync-report'

/** `audit-desk sync`: copy an organization's streams into a cache file. */
export const syncCommand: Command = {
  name: 'sync',
  summary: 'Sync an organization’s audit log and request log into a cache file',
  help: `Usage: audit-desk sync --url URL --db FILE [--stream audit-events|request-logs|all]
                       [--since ISO] [--follow] [--interval SECONDS] [--limit N]
                       [--alerts-jsonl FILE]

Copies every event of the organization behind URL into the SQLite cache FILE (created if
missing), incrementally: a later run pulls only what is new, and an interrupted run resumes
where it stopped with nothing lost or doubled. The API key comes from AUDIT_DESK_API_KEY, or
is asked for on the terminal; it is never stored.

Options:
  --url URL            organization API base URL (https; http only for 127.0.0.1/localhost)
  --db FILE            cache file
  --stream NAME        audit-events, request-logs or all (default all)
  --since ISO          on a first sync, start at this instant (RFC 3339, or a date YYYY-MM-DD
                       meaning 00:00 UTC); default: the oldest event the server still has
  --follow             after catching up, keep polling for new events until Ctrl+C
  --interval SECONDS   how often --follow polls (default 30)
  --limit N            events per page, 1 to 1000 (default 1000)
  --alerts-jsonl FILE  append the alerts the sync raised to FILE, one JSON object per line
                       (rule, severity, organization, event id, time in RFC 3339 UTC, actor,
                       action, resource, IP, country), for other tools
  -h, --help           Show this help

Prints a summary line per stream, then the alerts the alert rules raised on the new audit
events (a row each, up to 20, then a count). The first sync of an organization records its
matches as history in the app's Monitoring › Alerts without raising them. Then the detections
run on the new events, quietly (audit-desk findings lists what they found).
Exit code 1 when a stream did not complete, the alerts could not be appended to FILE or the
detections failed (the reason is printed; the synced events are kept either way), 0 otherwise.
`,
  run: async (args, io) => {
    const { values } = parseOptions(args, {
      url: { type: 'string' },
      db: { type: 'string' },
      stream: { type: 'string' },
      since: { type: 'string' },
      follow: { type: 'boolean' },
      interval: { type: 'string' },
      limit: { type: 'string' },
      'alerts-jsonl': { type: 'string' },
    })
    if (values.url === undefined) throw new UsageError('--url is required')
    if (values.db === undefined) throw new UsageError('--db is required')
    const streams = parseStreams(values.stream)
    const since = parseInstant('since', values.since)
    const limit = parseWhole('limit', values.limit, 1000, 1, 1000)
    const intervalMs = parseWhole('interval', values.interval, 30, 1, 86_400) * 1000
    const alertsFile = values['alerts-jsonl']
    if (alertsFile === '') throw new UsageError('--alerts-jsonl needs a file name')
    const apiKey = await readApiKey(io, values.url)
    const controller = new AbortController()
    void io.untilStopped().then(() => {
      controller.abort()
    })
    const opened = openDatabaseFile(path.resolve(values.db), Date.now())
    try {
      const request = {
        baseUrl: values.url,
        apiKey,
        streams,
        limit,
        signal: controller.signal,
        ...(since === undefined ? {} : { since }),
      }
      const isStopped = () => controller.signal.aborted
      let exitCode = await runOnce(io, opened.db, request, false, alertsFile)
      while (values.follow === true && !isStopped()) {
        await abortableSleep(intervalMs, controller.signal)
        if (isStopped()) break
        exitCode = await runOnce(io, opened.db, request, true, alertsFile)
      }
      return exitCode
    } finally {
      opened.close()
    }
  },
}

type Request = Parameters<typeof syncOrganization>[1]

async function runOnce(
  io: CliIo,
  db: Parameters<typeof syncOrganization>[0]['db'],
  request: Request,
  isQuietWhenIdle = false,
  alertsFile?: string,
): Promise<number> {
  const started = Date.now()
  const result: OrganizationSyncResult = await syncOrganization(
    {
      db,
      fetch,
      clock: Date.now,
      sleep: abortableSleep,
      random: Math.random,
      emit: (event) => {
        if (io.stderrIsTty && event.name === 'sync.progress')
          io.stderr(`\r\u001b[2K${progressLine(event.payload)}`)
      },
    },
    request,
  )
  if (io.stderrIsTty) io.stderr('\r\u001b[2K')
  if (!result.ok) {
    io.stderr(`audit-desk sync: ${result.error.message}\n`)
    return 1
  }
  let exitCode = 0
  for (const stream of result.streams) {
    const name = request.streams[result.streams.indexOf(stream)] ?? ''
    const isIdle =
      stream.outcome === 'complete' &&
      stream.newEvents + stream.conflicts + stream.quarantined === 0
    if (!(isQuietWhenIdle && isIdle))
      io.stdout(`${summaryLine(name, stream, Date.now() - started)}\n`)
    // In follow mode Ctrl+C is the way to stop: a poll it cancels is not a failure.
    const isStopRequest = isQuietWhenIdle && stream.outcome === 'cancelled'
    if (stream.outcome !== 'complete' && !isStopRequest) {
      io.stderr(
        `audit-desk sync: ${name} ${stream.outcome} (${stream.error?.code ?? 'unknown'}): ${stream.error?.message ?? ''}\n`,
      )
      exitCode = 1
    }
  }
  const pruned = result.pruned
  if (pruned !== null && pruned.auditEvents + pruned.requestLogs > 0) {
    io.stdout(
      `local retention: removed ${pruned.auditEvents} audit events and ${pruned.requestLogs} request log entries that occurred before ${new Date(pruned.cutoff).toISOString()}\n`,
    )
  }
  if (reportSyncAlerts(io, db, result.connection, alertsFile) !== 0) exitCode = 1
  if (reportDetections(io, db, result.connection.id) !== 0) exitCode = 1
  // The Monitoring charts' summaries follow the new events (the charts read the events meanwhile).
  try {
    await updateChartRollups(db, Date.now())
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : 'unknown'
    io.stderr(
      `audit-desk sync: the chart summaries were not updated (${reason}); the charts read the events until a later sync updates them\n`,
    )
  }
  return exitCode
}
