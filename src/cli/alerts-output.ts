// What `audit-desk sync` does with the alerts a sync raised: a table on stdout (the first few,
// then a count) and, with --alerts-jsonl FILE, one JSON object per alert appended to FILE for
// other tools. Appending opens FILE in append mode, writes whole lines in one write, and fsyncs
// before closing, so a reader never sees half a line and a crash never loses a written one.
import fs from 'node:fs'
import type Database from 'better-sqlite3'
import type { Alert } from '../shared/alert-schemas'
import { evaluateNewEvents, maxAlertsPerRule, type Evaluation } from '../core/alerts/evaluate'
import type { Connection } from '../core/store/sync-store'
import type { CliIo } from './io'
import { formatTable, sanitiseForTerminal } from './table'

/** Alerts listed one per row; beyond this the rest is counted. */
export const maxListedAlerts = 20

const resourceText = (alert: Alert): string => {
  const { resourceType, resourceId, resourceName } = alert.event
  if (resourceType === null && resourceId === null) return ''
  const name = resourceName === null ? '' : ` (${resourceName})`
  return `${resourceType ?? '?'}:${resourceId ?? '?'}${name}`
}

/** The lines `sync` prints for the alerts a sync raised (log values sanitised by the table). */
export function alertLines(alerts: readonly Alert[], jsonlFile?: string): string {
  const bySeverity = (['high', 'medium', 'low'] as const)
    .map((severity) => [severity, alerts.filter((alert) => alert.severity === severity).length])
    .filter(([, count]) => count !== 0)
    .map(([severity, count]) => `${String(count)} ${String(severity)}`)
  const noun = alerts.length === 1 ? 'alert' : 'alerts'
  const head = `alerts: ${String(alerts.length)} ${noun} raised (${bySeverity.join(', ')})`
  const table = formatTable(
    ['severity', 'rule', 'occurred (UTC)', 'actor', 'action', 'resource', 'ip', 'country'],
    alerts
      .slice(0, maxListedAlerts)
      .map((alert) => [
        alert.severity,
        alert.ruleName,
        new Date(alert.event.occurredAt).toISOString(),
        alert.event.actor,
        alert.event.action,
        resourceText(alert),
        alert.event.ip ?? '',
        alert.event.country ?? '',
      ]),
  )
  const rest = alerts.length - maxListedAlerts
  const where = jsonlFile === undefined ? '' : ' and in the --alerts-jsonl file'
  const more =
    rest > 0
      ? `\n… and ${rest.toLocaleString('en-US')} more, all in the app's Monitoring › Alerts${where}`
      : ''
  return `${head}\n${table}${more}\n`
}

/** One alert as a JSON Lines object: snake_case, times in RFC 3339 UTC, ids as strings. */
export function alertRecord(alert: Alert, connection: Connection): Record<string, unknown> {
  const { event } = alert
  return {
    alert_id: alert.id,
    rule_id: alert.ruleId,
    rule_name: alert.ruleName,
    severity: alert.severity,
    connection_id: connection.id,
    organization: { id: connection.organizationId, name: connection.organizationName },
    event_id: event.id,
    occurred_at: new Date(event.occurredAt).toISOString(),
    actor: { id: event.actorId, label: event.actor },
    action: event.action,
    status: event.status,
    resource:
      event.resourceType === null && event.resourceId === null
        ? null
        : { type: event.resourceType, id: event.resourceId, name: event.resourceName },
    ip_address: event.ip,
    country: event.country,
    raised_at: new Date(alert.raisedAt).toISOString(),
  }
}

/** A JSON line: JSON.stringify escapes control characters; U+2028/2029 are escaped too, so
 * tools that split on every Unicode line break still see one alert per line. */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')}\n`
}

/**
 * Appends the alerts to `file` as JSON Lines: append mode (created 0600 if missing), all lines
 * in one write, fsync, close. Throws an Error whose message names the file and the cause.
 */
export function appendAlertsJsonl(
  file: string,
  alerts: readonly Alert[],
  connection: Connection,
): void {
  if (alerts.length === 0) return
  const bytes = Buffer.from(
    alerts.map((alert) => jsonLine(alertRecord(alert, connection))).join(''),
    'utf8',
  )
  let descriptor: number | undefined
  try {
    descriptor = fs.openSync(file, 'a', 0o600)
    let written = 0
    while (written < bytes.length)
      written += fs.writeSync(descriptor, bytes, written, bytes.length - written)
    fs.fsyncSync(descriptor)
  } catch (cause) {
    const reason = cause instanceof Error && 'code' in cause ? String(cause.code) : 'write failed'
    throw new Error(
      `could not append ${String(alerts.length)} ${alerts.length === 1 ? 'alert' : 'alerts'} to ${file} (${reason}); the synced events and the alerts are kept in the cache (the app's Monitoring › Alerts). Choose a file you can write to.`,
      { cause },
    )
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor)
  }
}

/**
 * Evaluates the alert rules on the events the sync brought, prints what they raised and appends
 * it to `jsonlFile`. Returns the exit code's share: 1 when the rules could not run or the file
 * could not be written (the synced events are kept either way), else 0.
 */
export function reportSyncAlerts(
  io: CliIo,
  db: Database.Database,
  connection: Connection,
  jsonlFile: string | undefined,
): number {
  let evaluation: Evaluation
  try {
    evaluation = evaluateNewEvents(db, connection.id, Date.now())
  } catch (cause) {
    io.stderr(
      `audit-desk sync: the alert rules could not be evaluated (${cause instanceof Error ? cause.message : 'unknown error'}); the synced events are kept, and the next sync evaluates them.\n`,
    )
    return 1
  }
  for (const rule of evaluation.dropped)
    io.stderr(
      `audit-desk sync: alert rule "${sanitiseForTerminal(rule.ruleName)}" matched ${rule.count.toLocaleString('en-US')} more events than the ${String(maxAlertsPerRule)} one sync keeps; narrow its conditions.\n`,
    )
  // A first sync records its matches as history: nothing is raised, nothing printed.
  if (evaluation.isHistorical || evaluation.alerts.length === 0) return 0
  io.stdout(alertLines(evaluation.alerts, jsonlFile))
  if (jsonlFile === undefined) return 0
  try {
    appendAlertsJsonl(jsonlFile, evaluation.alerts, connection)
    return 0
  } catch (error) {
    io.stderr(`audit-desk sync: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
}
