import { memo, useState, type ReactNode } from 'react'
import type { ChartState } from './use-chart'

/** What a chart's frame says while it waits, fails or has nothing to draw. */
export type ChartTexts = {
  /** While the aggregate is computed. */
  loading: string
  /** When nothing in the filter's range counts toward the chart: what would, and what to try. */
  empty: string
}

/**
 * A chart's frame: its title and caption, then its loading, error or empty state, or the chart
 * (a figure with an accessible label) and, for keyboard and screen-reader use, its values as a
 * table with the same links.
 */
export function ChartCard<T>(props: {
  id: string
  title: string
  caption: ReactNode
  state: ChartState<T>
  texts: ChartTexts
  isEmpty: (value: T) => boolean
  /** A sentence summing the chart up for assistive technology. */
  describe: (value: T) => string
  /** The chart itself. */
  chart: (value: T) => ReactNode
  /** Anything else the chart draws (spike markers): a change of it draws the chart again. */
  chartExtras?: unknown
  /** The values as a table (shown on demand), with the chart's links and zoom buttons. */
  table?: (value: T) => ReactNode
  /** Below the chart: notes such as spike markers or terms not applied. */
  footer?: (value: T) => ReactNode
  /** What answered: the rollups kept after each sync, or the events themselves. */
  computedFrom?: (value: T) => 'summaries' | 'events'
  wide?: boolean
}) {
  const { state } = props
  // The values table is built only when opened (hundreds of rows per chart otherwise).
  const [isTableOpen, setTableOpen] = useState(false)
  const headingId = `chart-${props.id}-title`
  // The answer drawn: the current one, or while the next is computed, the last one (dimmed).
  const shown =
    state.status === 'ready' ? state.value : state.status === 'loading' ? state.stale : undefined
  const isStale = state.status === 'loading' && state.stale !== undefined
  return (
    <section
      className={props.wide === true ? 'chart-card is-wide' : 'chart-card'}
      aria-labelledby={headingId}
      data-testid={`chart-${props.id}`}
      data-state={state.status === 'ready' && props.isEmpty(state.value) ? 'empty' : state.status}
    >
      <header className="chart-header">
        <h3 id={headingId}>{props.title}</h3>
        <p className="chart-caption">{props.caption}</p>
      </header>
      {state.status === 'loading' && state.stale === undefined && (
        <p className="chart-state" role="status">
          <span className="chart-spinner" aria-hidden="true" />
          {props.texts.loading}
        </p>
      )}
      {state.status === 'error' && (
        <p className="chart-state form-error" role="alert">
          {state.message}
        </p>
      )}
      {shown !== undefined && props.isEmpty(shown) && (
        <p className="chart-state chart-empty">{props.texts.empty}</p>
      )}
      {shown !== undefined && !props.isEmpty(shown) && (
        <div className={isStale ? 'chart-body is-updating' : 'chart-body'} aria-busy={isStale}>
          {isStale && (
            <p className="chart-updating" role="status">
              <span className="chart-spinner" aria-hidden="true" />
              {props.texts.loading}
            </p>
          )}
          <Figure
            value={shown}
            extras={props.chartExtras}
            label={props.describe(shown)}
            render={props.chart}
          />
          {props.footer?.(shown)}
          {props.computedFrom?.(shown) === 'events' && (
            <p className="chart-note" data-testid={`chart-source-${props.id}`}>
              Counted from the events themselves: the filter has terms the hourly summaries do not
              carry, so this chart takes longer on a large cache.
            </p>
          )}
          {props.table !== undefined && (
            <details
              className="chart-values"
              onToggle={(event) => {
                setTableOpen(event.currentTarget.open)
              }}
            >
              <summary data-testid={`chart-values-${props.id}`}>Values and links</summary>
              {isTableOpen && props.table(shown)}
            </details>
          )}
        </div>
      )}
    </section>
  )
}

/**
 * The chart itself, drawn again only for a new answer: while the next one is computed (a new
 * filter), the last stays as it is instead of being redrawn with the same data.
 */
const Figure = memo(
  function Figure<T>(props: {
    value: T
    extras: unknown
    label: string
    render: (value: T) => ReactNode
  }) {
    return (
      <figure className="chart-figure" aria-label={props.label}>
        {props.render(props.value)}
      </figure>
    )
  },
  (before, after) => before.value === after.value && before.extras === after.extras,
  // memo() drops the type parameter; the component is the generic one above.
) as <T>(props: {
  value: T
  extras: unknown
  label: string
  render: (value: T) => ReactNode
}) => ReactNode
