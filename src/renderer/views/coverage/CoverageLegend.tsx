import { statusLooks } from './status-looks'

/** What each cell's colour and glyph mean. */
export function CoverageLegend() {
  return (
    <ul className="coverage-legend" aria-label="Legend">
      {(['verified', 'mismatched', 'gap', 'unverified'] as const).map((status) => (
        <li key={status}>
          <span className={`coverage-cell coverage-${status}`} aria-hidden="true">
            <span>{statusLooks[status].glyph}</span>
          </span>
          {statusLooks[status].explanation}
        </li>
      ))}
    </ul>
  )
}
