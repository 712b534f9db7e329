import type { Finding, RuleSettings } from '../../../../shared/findings-schemas'
import { evidenceLinks, thresholdTexts, windowText } from './finding-text'
import { SeverityLabel } from './SeverityLabel'
import { StatusControl } from './StatusControl'

/** One finding: severity, rule, window, explanation, who and what is involved, its thresholds,
 * its evidence in the log table, and its review. Every value from the logs renders as text. */
export function FindingCard(props: {
  finding: Finding
  rule: RuleSettings | undefined
  onChanged: (next: Finding) => void
}) {
  const { finding } = props
  const involved = [
    { term: 'Actors', values: finding.actors.map((actor) => actor.label ?? actor.id) },
    { term: 'IP addresses', values: finding.ipAddresses },
    { term: 'API keys', values: finding.apiKeys.map((key) => key.label ?? key.id) },
  ].filter((row) => row.values.length > 0)
  return (
    <li
      className={`finding finding-${finding.severity}${finding.isNew ? ' is-new' : ''}`}
      data-testid="finding"
      data-finding-id={finding.id}
      data-rule={finding.ruleId}
    >
      <header className="finding-header">
        <SeverityLabel severity={finding.severity} />
        <h3 className="finding-rule">
          {finding.ruleTitle} <span className="muted">v{finding.ruleVersion}</span>
        </h3>
        {finding.isNew && (
          <span className="finding-new" data-testid="finding-new">
            New since last review
          </span>
        )}
        <span className="finding-window">{windowText(finding.windowStart, finding.windowEnd)}</span>
      </header>
      <p className="finding-explanation" data-testid="finding-explanation">
        {finding.explanation}
      </p>
      <dl className="finding-facts">
        {involved.map((row) => (
          <div key={row.term}>
            <dt>{row.term}</dt>
            <dd>
              {row.values.slice(0, 8).join(', ')}
              {row.values.length > 8 ? ` and ${String(row.values.length - 8)} more` : ''}
            </dd>
          </div>
        ))}
        <div>
          <dt>Thresholds</dt>
          <dd data-testid="finding-thresholds">
            {thresholdTexts(finding.thresholds, props.rule).join(' · ')}
          </dd>
        </div>
        <div>
          <dt>Evidence</dt>
          <dd className="finding-evidence">
            {evidenceLinks(finding).map((link) => (
              <a key={link.stream} href={link.href} data-testid={`finding-evidence-${link.stream}`}>
                Open {link.label}
              </a>
            ))}
          </dd>
        </div>
      </dl>
      <StatusControl finding={finding} onChanged={props.onChanged} />
    </li>
  )
}
