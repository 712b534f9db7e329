// What the findings list shows besides the finding's own text: where its evidence opens, its
// time window, and its thresholds in words. Pure, so it is tested without a browser.
import type { Finding, RuleSettings } from '../../../../shared/findings-schemas'
import { hashWithQuery } from '../../../navigation'

/** The log views that show exactly a finding's evidence, one per stream that has some. */
export function evidenceLinks(
  finding: Pick<Finding, 'id' | 'evidence'>,
): { href: string; label: string; stream: 'audit-events' | 'request-logs' }[] {
  const query = `finding:${finding.id}`
  const links: { href: string; label: string; stream: 'audit-events' | 'request-logs' }[] = []
  const { auditEvents, requestLogs, isTruncated } = finding.evidence
  const more = isTruncated ? ' (the first 10,000)' : ''
  if (auditEvents > 0)
    links.push({
      href: hashWithQuery('audit-log', query),
      label: `${auditEvents.toLocaleString('en-US')} audit event${auditEvents === 1 ? '' : 's'}${more}`,
      stream: 'audit-events',
    })
  if (requestLogs > 0)
    links.push({
      href: hashWithQuery('api-requests', query),
      label: `${requestLogs.toLocaleString('en-US')} API request${requestLogs === 1 ? '' : 's'}${more}`,
      stream: 'request-logs',
    })
  return links
}

const utc = (epochMs: number, withDate: boolean): string => {
  const iso = new Date(epochMs).toISOString()
  return withDate ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16)
}

/** `2026-11-09 15:00 – 17:59 UTC`, or with both dates when the window spans days. */
export function windowText(start: number, end: number): string {
  if (end - start < 60_000) return `${utc(start, true)} UTC`
  const sameDay =
    new Date(start).toISOString().slice(0, 10) === new Date(end).toISOString().slice(0, 10)
  return `${utc(start, true)} – ${utc(end, !sameDay)} UTC`
}

/** A finding's thresholds in words, with the rule's labels and units: `Minimum 10 failed sign-ins`. */
export function thresholdTexts(
  thresholds: Readonly<Record<string, number>>,
  rule: Pick<RuleSettings, 'fields'> | undefined,
): string[] {
  return Object.entries(thresholds).map(([name, value]) => {
    const field = rule?.fields.find((each) => each.name === name)
    if (field === undefined) return `${name} ${String(value)}`
    const unit = field.unit === '×' ? '×' : ` ${field.unit}`
    return `${field.label} ${value.toLocaleString('en-US')}${unit}`
  })
}

/** The words of a status. */
export const statusWords = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  false_positive: 'False positive',
} as const

/** Whether the list shows fewer findings than match (those of unknown rules aside). */
export function isListCut(list: {
  total: number
  findings: readonly unknown[]
  unknownRuleCount?: number | undefined
}): boolean {
  return list.total - (list.unknownRuleCount ?? 0) > list.findings.length
}

/** What to say of findings left out because a newer version's rules stored them. */
export function unknownRulesText(count: number): string {
  const findings = count === 1 ? '1 finding was' : `${count.toLocaleString('en-US')} findings were`
  return `${findings} stored by a newer version of Audit Desk, with detection rules this version does not know: they are left out here. Open the cache with that version to review them.`
}
