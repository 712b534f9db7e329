import path from 'node:path'
import type Database from 'better-sqlite3'
import { createFindingStore } from '../../core/detect/finding-store'
import { toFinding } from '../../core/detect/finding-view'
import { runDetections } from '../../core/detect/run-detections'
import { chooseCountryDatabase, inspectCountryDatabase } from '../../core/geo/country-database'
import { osReviewerName, unknownReviewer } from '../../core/reviewer'
import { openDatabaseFile } from '../../core/store/database'
import type { Finding } from '../../shared/findings-schemas'
import { UsageError, type CliIo, type Command } from '../io'
import { parseInstant, parseOptions } from '../options'
import { formatTable, sanitiseForTerminal } from '../table'
import { existingCacheFile } from '../cache-file'

/** `audit-desk findings`: run the detections on a cache file and print the findings. */
export const findingsCommand: Command = {
  name: 'findings',
  summary: 'Run the detections on a cache file and print the findings',
  help: `Usage: audit-desk findings --db FILE [--from ISO] [--to ISO] [--format table|json]
                           [--country-db FILE]

Runs the detections (failed-login spikes, password spraying, sign-ins from new countries,
impossible travel, unexpected API key creation, privilege escalation, bulk template deletion,
API usage spikes, API keys used from new addresses) on the cache FILE, over the events they
have not examined yet (every event the first time, or after thresholds change), stores the
findings in the cache (a reviewer's status there is kept), and prints those whose time window
overlaps --from and --to. Thresholds are the cache's (set them in the app's Monitoring view).

Options:
  --db FILE          cache file (written: not while the app or a sync holds it)
  --from ISO         findings whose window ends at or after this instant (RFC 3339, or
                     YYYY-MM-DD meaning 00:00 UTC)
  --to ISO           findings whose window starts before this instant
  --format F         table (default), or json: an array with each finding's rule id and
                     version, severity, window, actors, IPs, API keys, explanation and
                     evidence event ids (audit event ids and request log ids)
  --country-db FILE  use this MaxMind-format country database (.mmdb) from now on for this
                     cache, instead of the packaged one; every address is placed again
  -h, --help         Show this help
`,
  run: (args, io) => {
    const { values } = parseOptions(args, {
      db: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      'country-db': { type: 'string' },
    })
    if (values.db === undefined) throw new UsageError('--db is required')
    const format = values.format ?? 'table'
    if (format !== 'table' && format !== 'json')
      throw new UsageError(`--format must be table or json, not "${format}"`)
    const from = parseInstant('from', values.from)
    const to = parseInstant('to', values.to)
    const countryFile = values['country-db']
    if (countryFile === '') throw new UsageError('--country-db needs a file name')
    // Checked before the cache is touched, so a bad file changes nothing.
    if (countryFile !== undefined) inspectCountryDatabase(path.resolve(countryFile))
    const file = existingCacheFile(values.db)
    const opened = openDatabaseFile(file, Date.now())
    try {
      if (countryFile !== undefined)
        chooseCountryDatabase(opened.db, countryFile, {
          author: osReviewerName() ?? unknownReviewer,
          at: Date.now(),
        })
      const { findings, unknownRuleCount } = detectAll(opened.db, {
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
      })
      io.stdout(format === 'json' ? `${JSON.stringify(findings, null, 2)}\n` : table(findings))
      if (unknownRuleCount > 0)
        io.stderr(
          `audit-desk findings: left out ${String(unknownRuleCount)} finding(s) of detection rules this version does not know (a newer version stored them); list them with that version.\n`,
        )
    } finally {
      opened.close()
    }
    return Promise.resolve(0)
  },
}

/** A finding as the json format prints it. */
type PrintedFinding = {
  id: string
  organization: string
  ruleId: string
  ruleVersion: number
  severity: string
  window: { start: string; end: string }
  actors: Finding['actors']
  ipAddresses: string[]
  apiKeys: Finding['apiKeys']
  explanation: string
  status: string
  evidence: { auditEventIds: string[]; requestLogIds: string[]; isTruncated: boolean }
}

/**
 * Runs the detections on every connection of the cache; its findings in the range, oldest first,
 * and how many were left out as findings of rules this build does not know.
 */
function detectAll(
  db: Database.Database,
  range: { from?: number; to?: number },
): { findings: PrintedFinding[]; unknownRuleCount: number } {
  const store = createFindingStore(db)
  let unknownRuleCount = 0
  const findings = store.connections().flatMap((connection) => {
    runDetections(db, connection.id, Date.now())
    const { rows } = store.list({ connectionId: connection.id, ...range, limit: 1_000_000 })
    return rows.reverse().flatMap((row): PrintedFinding[] => {
      const finding = toFinding(row, null)
      if (finding === null) {
        unknownRuleCount += 1
        return []
      }
      const evidence = store.evidence(row.id)
      const printed: PrintedFinding = {
        id: finding.id,
        organization: connection.name,
        ruleId: finding.ruleId,
        ruleVersion: finding.ruleVersion,
        severity: finding.severity,
        window: {
          start: new Date(finding.windowStart).toISOString(),
          end: new Date(finding.windowEnd).toISOString(),
        },
        actors: finding.actors,
        ipAddresses: finding.ipAddresses,
        apiKeys: finding.apiKeys,
        explanation: finding.explanation,
        status: finding.status,
        evidence: {
          auditEventIds: evidence.auditEvents,
          requestLogIds: evidence.requestLogs,
          isTruncated: finding.evidence.isTruncated,
        },
      }
      return [printed]
    })
  })
  return { findings, unknownRuleCount }
}

function table(findings: readonly PrintedFinding[]): string {
  const header = ['window start', 'severity', 'rule', 'involved', 'evidence', 'id']
  const rows = findings.map((finding) => [
    finding.window.start,
    finding.severity,
    `${finding.ruleId} v${String(finding.ruleVersion)}`,
    [
      ...finding.actors.map((actor) => actor.label ?? actor.id),
      ...finding.apiKeys.map((key) => key.label ?? key.id),
      ...finding.ipAddresses,
    ].join(', '),
    String(finding.evidence.auditEventIds.length + finding.evidence.requestLogIds.length),
    finding.id,
  ])
  const explanations = findings
    .map((finding) => `${finding.id}: ${sanitiseForTerminal(finding.explanation)}`)
    .join('\n')
  const count = `${String(findings.length)} finding${findings.length === 1 ? '' : 's'}`
  return findings.length === 0
    ? `${count}\n`
    : `${formatTable(header, rows)}\n\n${explanations}\n\n${count}\n`
}

/**
 * Runs the detections on a connection's new events after a sync, quietly (`audit-desk findings`
 * lists what they found); on failure says so on stderr and returns 1 (the synced events are kept).
 */
export function reportDetections(io: CliIo, db: Database.Database, connectionId: string): number {
  try {
    runDetections(db, connectionId, Date.now())
    return 0
  } catch (error) {
    io.stderr(
      `audit-desk sync: the detections failed (${error instanceof Error ? error.message : 'unknown error'}); the synced events are kept. Run audit-desk findings to try again.\n`,
    )
    return 1
  }
}
