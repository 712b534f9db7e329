import { openDatabaseFile } from '../../core/store/database'
import { createSyncStore } from '../../core/store/sync-store'
import { normaliseBaseUrl } from '../../core/sync/base-url'
import type { StreamName } from '../../core/sync/page-parser'
import { abortableSleep } from '../../core/sync/sleep'
import { repairDays } from '../../core/verify/repair-run'
import { verifyConnection } from '../../core/verify/verify-connection'
import type { DayVerification, StreamVerification } from '../../core/verify/verify-types'
import { readApiKey } from '../api-key'
import { UsageError, type CliIo, type Command } from '../io'
import { parseOptions, parseStreams } from '../options'
import { formatTable } from '../table'
import { existingCacheFile } from '../cache-file'

/** `audit-desk verify`: prove each cached day against the server. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Check each cached day against the server’s counts, hashes and signed digests',
  help: `Usage: audit-desk verify --url URL --db FILE [--stream audit-events|request-logs|all]
                         [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--repair]

Compares every cached day (UTC, by occurred_at) with the server's per-day stats (count and a
hash of the event ids) and, where the server signs, checks the Ed25519 signatures, the chain of
days and the hash of the cached events. Prints one row per day and stream:
  verified     the cache holds exactly the server's events of that day
  mismatched   it does not (repair with --repair)
  unverified   the server no longer has the whole day (retention) to compare with
The API key comes from AUDIT_DESK_API_KEY, or is asked for on the terminal.

Options:
  --url URL        the organization API base URL the cache was synced from
  --db FILE        cache file
  --stream NAME    audit-events, request-logs or all (default all)
  --from DATE      first day (default: the oldest cached day)
  --to DATE        last day (default: today)
  --repair         re-sync each mismatched day from its start, then verify it again
  -h, --help       Show this help

Exit code 1 when a stream could not be verified, a day is still mismatched or a digest is
invalid; 0 otherwise.
`,
  run: async (args, io) => {
    const { values } = parseOptions(args, {
      url: { type: 'string' },
      db: { type: 'string' },
      stream: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      repair: { type: 'boolean' },
    })
    if (values.url === undefined) throw new UsageError('--url is required')
    if (values.db === undefined) throw new UsageError('--db is required')
    const streams = parseStreams(values.stream)
    for (const [name, value] of [
      ['from', values.from],
      ['to', values.to],
    ] as const) {
      if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value))
        throw new UsageError(`--${name} must be a date YYYY-MM-DD, not "${value}"`)
    }
    const baseUrl = normaliseBaseUrl(values.url)
    const file = existingCacheFile(values.db)
    const apiKey = await readApiKey(io, baseUrl)
    const opened = openDatabaseFile(file, Date.now())
    try {
      const connections = createSyncStore(opened.db)
        .listConnections()
        .filter((connection) => connection.baseUrl === baseUrl)
      const connection = connections[0]
      if (connection === undefined)
        throw new Error(
          `The cache ${file} holds nothing synced from ${baseUrl}. Check --url, or run \`audit-desk sync\` first.`,
        )
      const deps = {
        db: opened.db,
        fetch,
        clock: Date.now,
        sleep: abortableSleep,
        random: Math.random,
      }
      const request = {
        connectionId: connection.id,
        baseUrl,
        apiKey,
        streams,
        ...(values.from === undefined ? {} : { from: values.from }),
        ...(values.to === undefined ? {} : { to: values.to }),
      }
      const result = await verifyConnection(deps, request)
      if (!result.ok) throw new Error(result.error.message)
      let days = collect(result.streams, io)
      const isEveryStreamChecked = result.streams.every((stream) => stream.ok)
      if (values.repair === true)
        days = await repair(days, { deps, connectionId: connection.id, baseUrl, apiKey, io })
      io.stdout(`${render(days)}\n${summary(days)}\n`)
      const isProblem = (row: Row) =>
        row.day.status === 'mismatched' || row.day.digestStatus === 'invalid'
      return !isEveryStreamChecked || days.some(isProblem) ? 1 : 0
    } finally {
      opened.close()
    }
  },
}

type Row = { stream: StreamName; day: DayVerification }

function collect(streams: readonly StreamVerification[], io: CliIo): Row[] {
  const rows: Row[] = []
  for (const stream of streams) {
    if (!stream.ok) {
      io.stderr(
        `audit-desk verify: ${stream.stream} could not be verified: ${stream.error.message}\n`,
      )
      continue
    }
    for (const day of stream.days) rows.push({ stream: stream.stream, day })
  }
  return rows
}

async function repair(
  rows: Row[],
  context: {
    deps: Parameters<typeof repairDays>[0]
    connectionId: string
    baseUrl: string
    apiKey: string
    io: CliIo
  },
): Promise<Row[]> {
  const updated = [...rows]
  for (const stream of ['audit-events', 'request-logs'] as const) {
    const days = rows
      .filter((row) => row.stream === stream && row.day.status === 'mismatched')
      .map((row) => row.day.day)
    if (days.length === 0) continue
    context.io.stderr(`Repairing ${days.length} mismatched ${stream} day(s)…\n`)
    const repaired = await repairDays(context.deps, {
      connectionId: context.connectionId,
      baseUrl: context.baseUrl,
      apiKey: context.apiKey,
      stream,
      days,
    })
    for (const result of repaired) {
      const index = updated.findIndex((row) => row.stream === stream && row.day.day === result.day)
      if (result.after !== undefined && index >= 0) updated[index] = { stream, day: result.after }
      const problem =
        result.refused?.message ?? result.verifyError?.message ?? result.sync?.error?.message
      if (problem !== undefined)
        context.io.stderr(`audit-desk verify: ${stream} ${result.day} not repaired: ${problem}\n`)
    }
  }
  return updated
}

function render(rows: readonly Row[]): string {
  const cells = rows.map(({ stream, day }) => [
    day.day,
    stream,
    day.status,
    String(day.localCount),
    day.serverCount === null ? '' : String(day.serverCount),
    day.digestStatus,
    day.digestDetail ?? '',
  ])
  return formatTable(['day', 'stream', 'status', 'cached', 'server', 'digest', 'detail'], cells)
}

function summary(rows: readonly Row[]): string {
  const count = (status: string) => rows.filter((row) => row.day.status === status).length
  const invalid = rows.filter((row) => row.day.digestStatus === 'invalid').length
  return `${count('verified')} verified, ${count('mismatched')} mismatched, ${count('unverified')} unverified days; ${invalid} invalid digests`
}
