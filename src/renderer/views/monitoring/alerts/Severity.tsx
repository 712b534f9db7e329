import type { Severity } from '../../../../shared/alert-schemas'

const looks: Record<Severity, { glyph: string; word: string }> = {
  high: { glyph: '▲', word: 'High' },
  medium: { glyph: '◆', word: 'Medium' },
  low: { glyph: '●', word: 'Low' },
}

/** A severity shown three ways: colour, a glyph of its own shape, and the word. */
export function SeverityBadge(props: { severity: Severity }) {
  const look = looks[props.severity]
  return (
    <span className={`severity severity-${props.severity}`} data-severity={props.severity}>
      <span className="severity-glyph" aria-hidden="true">
        {look.glyph}
      </span>
      {look.word}
    </span>
  )
}

/** The most severe of some severities (low when there are none). */
export function highestSeverity(severities: readonly Severity[]): Severity {
  if (severities.includes('high')) return 'high'
  return severities.includes('medium') ? 'medium' : 'low'
}
