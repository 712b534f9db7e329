import type { FindingSeverity } from '../../../../shared/findings-schemas'

const looks: Record<FindingSeverity, { glyph: string; word: string }> = {
  high: { glyph: '▲', word: 'High' },
  medium: { glyph: '◆', word: 'Medium' },
  low: { glyph: '●', word: 'Low' },
}

/** A finding's severity three ways: colour, a glyph of its own shape, and the word. */
export function SeverityLabel(props: { severity: FindingSeverity }) {
  const look = looks[props.severity]
  return (
    <span
      className={`finding-severity finding-severity-${props.severity}`}
      data-testid="finding-severity"
    >
      <span aria-hidden="true">{look.glyph}</span>
      {look.word}
    </span>
  )
}
