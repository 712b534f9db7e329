import { useCallback, useId, useMemo, useState, type KeyboardEvent } from 'react'
import { EventRow } from './EventRow'
import { EventTableFooter, EventTableToolbar } from './EventTableChrome'
import { EventTableHeader } from './EventTableHeader'
import { gridKeyAction } from './grid-keys'
import type { ValueContext } from './LogValue'
import { localTimeZone } from './time-format'
import type { Density, LogRow, SortDirection, Stream, TimeMode } from './types'
import { useColumnModel } from './use-column-model'
import { useRowVirtualizer } from './use-row-virtualizer'
import './log.css'

/** What the event table shows and how it reports the reviewer's actions. */
export type EventTableProps = {
  stream: Stream
  /** The rows loaded so far, in the order of `sortDirection`; a new array only when they change. */
  rows: readonly LogRow[]
  /** How many events match in all; undefined while not known. */
  total: number | undefined
  isLoading: boolean
  hasMore: boolean
  /** Asks for the next keyset page; called when the reviewer scrolls near the last loaded row. */
  onLoadMore: () => void
  /** Opens a row in detail (click, or Enter on the selected row). */
  onOpen: (row: LogRow) => void
  /**
   * The row the parent has selected (usually the one open in detail). The grid's selection
   * follows it whenever it changes; between changes the keyboard moves the selection itself.
   */
  selectedRowId: number | undefined
  /** Told when the keyboard or a click selects a row. */
  onSelect?: (row: LogRow) => void
  timeMode: TimeMode
  density: Density
  sortDirection: SortDirection
  onSortDirectionChange: (direction: SortDirection) => void
}

const rowHeights: Record<Density, number> = { compact: 26, comfortable: 36 }
const headerHeight = 34

/**
 * The virtualised, keyboard-navigable table of log events. Only the rows in view are in the DOM,
 * so it stays smooth with hundreds of thousands of loaded rows. Column order, visibility and
 * widths are remembered per stream. The parent must give it a bounded height (e.g. flex: 1).
 */
export function EventTable(props: EventTableProps) {
  // Each stream has its own columns and preferences: a new stream starts a fresh grid.
  return <EventGrid key={props.stream} {...props} />
}

function EventGrid(props: EventTableProps) {
  const { rows, hasMore, isLoading, onLoadMore, onOpen, onSelect } = props
  const { table, specs, prefs, dispatch, visibleColumns } = useColumnModel(props.stream)
  const selection = useFollowedSelection(props.selectedRowId)
  const idPrefix = useId()
  const rowHeight = rowHeights[props.density]
  const zone = useMemo(() => localTimeZone(), [])
  const { scrollRef, virtualizer, items } = useRowVirtualizer({
    rows,
    rowHeight,
    headerHeight,
    sortDirection: props.sortDirection,
    hasMore,
    isLoading,
    onLoadMore,
  })

  const selectedIndex = useMemo(
    () =>
      selection.value === undefined ? -1 : rows.findIndex((row) => row.rowId === selection.value),
    [rows, selection.value],
  )
  const domId = (row: LogRow) => `${idPrefix}-row-${row.rowId}`
  const selectedRow = rows[selectedIndex]
  const isSelectedInDom = items.some((item) => item.index === selectedIndex)

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Keys pressed on the header's buttons and resize handles are theirs.
    if (event.target !== event.currentTarget) return
    const viewport = event.currentTarget.clientHeight - headerHeight
    const action = gridKeyAction(event.key, {
      index: selectedIndex < 0 ? undefined : selectedIndex,
      count: rows.length,
      pageSize: Math.floor(viewport / rowHeight) - 1,
    })
    if (action.kind === 'none') return
    const row = rows[action.index]
    if (row === undefined) return
    event.preventDefault()
    if (action.kind === 'open') {
      onOpen(row)
      return
    }
    selection.set(row.rowId)
    onSelect?.(row)
    virtualizer.scrollToIndex(action.index, { align: 'auto' })
  }

  const setSelected = selection.set
  const onActivate = useCallback(
    (row: LogRow) => {
      setSelected(row.rowId)
      onSelect?.(row)
      onOpen(row)
    },
    [setSelected, onSelect, onOpen],
  )
  const context: ValueContext = useMemo(
    () => ({ timeMode: props.timeMode, zone, isDetail: false }),
    [props.timeMode, zone],
  )
  const totalWidth = visibleColumns.reduce((sum, column) => sum + column.width, 0)

  return (
    <div className={`ev-table ev-density-${props.density}`}>
      <EventTableToolbar
        loaded={rows.length}
        total={props.total}
        hasMore={hasMore}
        isLoading={isLoading}
        specs={specs}
        prefs={prefs}
        dispatch={dispatch}
      />
      <div
        ref={scrollRef}
        className="ev-grid"
        role="grid"
        tabIndex={0}
        aria-label={props.stream === 'audit-events' ? 'Audit events' : 'API requests'}
        aria-rowcount={ariaRowCount(rows.length, props.total, hasMore)}
        aria-colcount={visibleColumns.length}
        aria-activedescendant={
          selectedRow !== undefined && isSelectedInDom ? domId(selectedRow) : undefined
        }
        aria-busy={isLoading}
        data-testid="event-table"
        onKeyDown={onKeyDown}
      >
        <EventTableHeader
          table={table}
          specs={specs}
          dispatch={dispatch}
          height={headerHeight}
          timeMode={props.timeMode}
          zone={zone}
          sortDirection={props.sortDirection}
          onSortDirectionChange={props.onSortDirectionChange}
        />
        <div
          className="ev-body"
          role="rowgroup"
          style={{ height: virtualizer.getTotalSize(), width: totalWidth }}
        >
          {items.map((item) => {
            const row = rows[item.index]
            if (row === undefined) return null
            return (
              <EventRow
                key={item.key}
                row={row}
                index={item.index}
                domId={domId(row)}
                offset={item.start - headerHeight}
                height={rowHeight}
                columns={visibleColumns}
                isSelected={item.index === selectedIndex}
                context={context}
                onActivate={onActivate}
              />
            )
          })}
        </div>
      </div>
      <EventTableFooter
        loaded={rows.length}
        isLoading={isLoading}
        hasMore={hasMore}
        onLoadMore={onLoadMore}
      />
    </div>
  )
}

/**
 * The grid's own selection, which takes the parent's value whenever that changes to a row (so
 * opening a row elsewhere moves it), and otherwise follows the keyboard.
 */
function useFollowedSelection(fromParent: number | undefined) {
  const [value, set] = useState(fromParent)
  const [lastFromParent, setLastFromParent] = useState(fromParent)
  if (fromParent !== lastFromParent) {
    setLastFromParent(fromParent)
    if (fromParent !== undefined) set(fromParent)
  }
  return { value, set }
}

/** aria-rowcount counts the header row; -1 says the total is not known yet. */
function ariaRowCount(loaded: number, total: number | undefined, hasMore: boolean): number {
  if (total !== undefined) return Math.max(total, loaded) + 1
  return hasMore ? -1 : loaded + 1
}
