// The one desktop notification a sync's new alerts make (never one per event). It names the rules
// (written by the reviewers themselves) and counts, never values from the logs: notification
// servers may read markup in the body, and log strings are attacker-controlled.
import type { Alert, Severity } from '../../shared/alert-schemas'

const severityRank: Record<Severity, number> = { high: 0, medium: 1, low: 2 }

/** Text fit for a notification: no control or markup characters, cut to `max` characters. */
export function plainText(text: string, max: number): string {
  const cleaned = text
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}<>&]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
  const characters = Array.from(cleaned)
  return characters.length > max ? `${characters.slice(0, max - 1).join('')}…` : cleaned
}

/** Title and body of the notification for `alerts` (at least one) raised on an organization. */
export function alertNotification(
  organizationName: string,
  alerts: readonly Alert[],
): { title: string; body: string } {
  const byRule = new Map<string, { name: string; severity: Severity; count: number }>()
  for (const alert of alerts) {
    const entry = byRule.get(alert.ruleId)
    if (entry === undefined)
      byRule.set(alert.ruleId, { name: alert.ruleName, severity: alert.severity, count: 1 })
    else entry.count += 1
  }
  const rules = [...byRule.values()].sort(
    (a, b) => severityRank[a.severity] - severityRank[b.severity] || b.count - a.count,
  )
  const organization = plainText(organizationName, 60)
  const noun = alerts.length === 1 ? 'alert' : 'alerts'
  const title = `${String(alerts.length)} new ${noun}${organization === '' ? '' : ` · ${organization}`}`
  const listed = rules
    .slice(0, 4)
    .map(
      (rule) =>
        `${plainText(rule.name, 60)} (${rule.severity}${rule.count > 1 ? `, ${String(rule.count)}` : ''})`,
    )
  const more = rules.length > 4 ? `, and ${String(rules.length - 4)} more rules` : ''
  return { title, body: `${listed.join(', ')}${more}. Open Monitoring › Alerts.` }
}
