// `audit-desk pack`: an audit pack of a period from a cache file (issue 7, item 6).
import { buildPack } from '../../core/pack/build-pack'
import { osReviewerName } from '../../core/reviewer'
import { openDatabaseFile } from '../../core/store/database'
import { currentReviewer } from '../../core/store/settings-store'
import { redactionProfileSchema, type RedactionProfile } from '../../shared/export-schemas'
import type { Stream } from '../../shared/filter'
import { chooseCacheConnection } from '../connection-choice'
import { UsageError, type CliIo, type Command } from '../io'
import { parseOptions, resolveDataDirectory } from '../options'
import { existingCacheFile, outputFile } from '../cache-file'

/** `audit-desk pack`: writes a signed audit pack zip. */
export const packCommand: Command = {
  name: 'pack',
  summary: 'Write a signed audit pack (zip) of a period for an auditor',
  help: `Usage: audit-desk pack --db FILE --from DATE --to DATE --out FILE.zip
                       [--redact none|pseudonymised|minimal] [--stream NAME]...
                       [--engagement NAME] [--connection ID] [--data-dir DIR]

Writes one zip with the period's events (CSV, XLSX and JSON Lines per stream), summary.xlsx,
findings, annotations, the reviewer activity log, manifest.json signed with this installation's
Ed25519 key (manifest.sig, public key in signing-key.pem), SHA256SUMS and a README telling the
auditor how to verify it. The pack is recorded in the cache's reviewer activity log.

Options:
  --db FILE          cache file
  --from DATE        first day of the period, YYYY-MM-DD (UTC)
  --to DATE          last day of the period, YYYY-MM-DD (UTC, included)
  --out FILE.zip     where to write the pack (written whole or not at all)
  --redact PROFILE   none (default); pseudonymised: e-mail and IP addresses become keyed
                     pseudonyms, stable within one engagement; minimal: also drops user agents
                     and metadata
  --stream NAME      audit-events or request-logs; repeat for both (default both)
  --engagement NAME  the engagement pseudonyms are stable within (default "default")
  --connection ID    which connection, when the cache holds several
  --data-dir DIR     where the installation's signing key and pseudonym secret live (default
                     AUDIT_DESK_DATA_DIR, else the per-user Audit Desk folder)
  -h, --help         Show this help
`,
  run: async (args, io) => {
    const { values } = parseOptions(args, {
      db: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      redact: { type: 'string' },
      stream: { type: 'string', multiple: true },
      engagement: { type: 'string' },
      connection: { type: 'string' },
      'data-dir': { type: 'string' },
    })
    if (values.db === undefined) throw new UsageError('--db is required')
    if (values.out === undefined || values.out === '') throw new UsageError('--out is required')
    const from = requireDate('from', values.from)
    const to = requireDate('to', values.to)
    const redaction = parseRedaction(values.redact)
    const streams = parsePackStreams(values.stream)
    const engagement = (values.engagement ?? 'default').trim()
    if (engagement === '' || engagement.length > 100) {
      throw new UsageError('--engagement needs a name of 1 to 100 characters')
    }
    const dataDirectory = resolveDataDirectory(values['data-dir'], io)
    const file = existingCacheFile(values.db)
    const out = outputFile(values.out)
    const opened = openDatabaseFile(file, Date.now())
    const controller = new AbortController()
    void io.untilStopped().then(() => {
      controller.abort()
    })
    try {
      const connectionId = chooseCacheConnection(opened.db, values.connection, file)
      const reviewer = currentReviewer(opened.db, osReviewerName())
      const built = await buildPack({
        db: opened.db,
        cacheFile: file,
        dataDirectory,
        connectionId,
        from,
        to,
        streams,
        filter: {},
        redaction,
        engagement,
        reviewer,
        clock: Date.now,
        outPath: out,
        signal: controller.signal,
        onProgress: progressReporter(io),
      })
      const changes = Object.entries(built.transformations).filter(([, count]) => count > 0)
      io.stdout(
        [
          `Wrote an audit pack of ${built.rows.toLocaleString('en-US')} events to ${built.path}`,
          `SHA-256: ${built.activity.files[0]?.sha256 ?? ''}`,
          `Redaction: ${redaction}${redaction === 'none' ? '' : ` (engagement "${engagement}")`}`,
          `Transformations: ${changes.length === 0 ? 'none' : changes.map(([name, count]) => `${name} ${String(count)}`).join(', ')}`,
          `Recorded in the reviewer activity log as entry ${String(built.activity.id)}.`,
          `Check it with: audit-desk verify-pack ${built.path}`,
          '',
        ].join('\n'),
      )
      return 0
    } finally {
      opened.close()
    }
  },
}

function requireDate(name: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`--${name} is required`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw new UsageError(`--${name} must be a date YYYY-MM-DD, not "${value}"`)
  return value
}

function parseRedaction(value: string | undefined): RedactionProfile {
  const parsed = redactionProfileSchema.safeParse(value ?? 'none')
  if (!parsed.success)
    throw new UsageError(`--redact must be none, pseudonymised or minimal, not "${value ?? ''}"`)
  return parsed.data
}

function parsePackStreams(values: readonly string[] | undefined): Stream[] {
  if (values === undefined || values.length === 0) return ['audit-events', 'request-logs']
  return [
    ...new Set(
      values.map((value): Stream => {
        if (value === 'audit-events' || value === 'request-logs') return value
        throw new UsageError(`--stream must be audit-events or request-logs, not "${value}"`)
      }),
    ),
  ]
}

function progressReporter(io: CliIo): (phase: string, rows: number, total: number) => void {
  return (phase, rows, total) => {
    if (!io.stderrIsTty) return
    io.stderr(
      `\rWriting ${phase}: ${rows.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events`,
    )
    if (rows === total) io.stderr('\n')
  }
}
