import type { Dispatch } from 'react'
import { formatCount, summaryText } from './cell-format'
import type { ColumnPrefs, ColumnPrefsAction } from './column-prefs'
import type { ColumnSpec } from './columns'
import { ColumnMenu } from './ColumnMenu'

/** Above the grid: how many events match and are loaded, loading state, the column menu. */
export function EventTableToolbar(props: {
  loaded: number
  total: number | undefined
  hasMore: boolean
  isLoading: boolean
  specs: readonly ColumnSpec[]
  prefs: ColumnPrefs
  dispatch: Dispatch<ColumnPrefsAction>
}) {
  return (
    <div className="ev-toolbar">
      <span data-testid="event-table-summary">
        {summaryText({ loaded: props.loaded, total: props.total, hasMore: props.hasMore })}
      </span>
      {props.isLoading && (
        <span className="ev-muted" role="status">
          Loading…
        </span>
      )}
      <span className="ev-spacer" />
      <ColumnMenu specs={props.specs} prefs={props.prefs} dispatch={props.dispatch} />
    </div>
  )
}

/** Below the grid: loading, a manual "load more" (also the retry after a failed page), or the end. */
export function EventTableFooter(props: {
  loaded: number
  isLoading: boolean
  hasMore: boolean
  onLoadMore: () => void
}) {
  if (props.isLoading) {
    return (
      <div className="ev-footer ev-muted">Loading {props.loaded > 0 ? 'more ' : ''}events…</div>
    )
  }
  if (props.hasMore) {
    return (
      <div className="ev-footer ev-muted">
        More events load as you scroll.{' '}
        <button type="button" className="ev-button" onClick={props.onLoadMore}>
          Load more now
        </button>
      </div>
    )
  }
  return (
    <div className="ev-footer ev-muted">
      {props.loaded === 0
        ? 'No events to show.'
        : `End of results: ${formatCount(props.loaded)} loaded.`}
    </div>
  )
}
