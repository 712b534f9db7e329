import { useState, type Dispatch, type ReactNode } from 'react'
import type { ColumnPrefsAction } from './column-prefs'
import { columnWidthLimits, timeColumnId, type ColumnSpec } from './columns'
import { zoneLabel } from './time-format'
import type { SortDirection, TimeMode } from './types'
import type { ColumnModel } from './use-column-model'

const dragType = 'application/x-audit-desk-column'
const keyboardResizeStep = 16

/** The header row: labels, the time column's sort toggle, resize handles and drag to reorder. */
export function EventTableHeader(props: {
  table: ColumnModel
  specs: readonly ColumnSpec[]
  dispatch: Dispatch<ColumnPrefsAction>
  height: number
  timeMode: TimeMode
  zone: string
  sortDirection: SortDirection
  onSortDirectionChange: (direction: SortDirection) => void
}) {
  const { table, dispatch } = props
  const [dropTarget, setDropTarget] = useState<string | undefined>(undefined)
  const headers = table.getHeaderGroups()[0]?.headers ?? []
  return (
    <div className="ev-head" role="rowgroup">
      <div
        className="ev-row ev-head-row"
        role="row"
        aria-rowindex={1}
        style={{ height: props.height, width: table.getTotalSize() }}
      >
        {headers.map((header, index) => {
          const id = header.column.id
          const spec = props.specs.find((column) => column.id === id)
          const label = spec?.label ?? id
          return (
            <HeaderCell
              key={header.id}
              id={id}
              index={index}
              width={header.getSize()}
              isResizing={header.column.getIsResizing()}
              isDropTarget={dropTarget === id}
              sortDirection={id === timeColumnId ? props.sortDirection : undefined}
              onDropTargetChange={setDropTarget}
              dispatch={dispatch}
              resize={
                <ResizeHandle
                  label={label}
                  width={header.getSize()}
                  onPointerStart={header.getResizeHandler()}
                  onResize={(width) => {
                    dispatch({ type: 'resize', id, width })
                  }}
                  onReset={() => {
                    if (spec !== undefined) dispatch({ type: 'resize', id, width: spec.width })
                  }}
                />
              }
            >
              {id === timeColumnId ? (
                <TimeSortButton
                  label={`Time (${zoneLabel(props.timeMode, props.zone)})`}
                  direction={props.sortDirection}
                  onChange={props.onSortDirectionChange}
                />
              ) : (
                <span className="ev-th-label">{label}</span>
              )}
            </HeaderCell>
          )
        })}
      </div>
    </div>
  )
}

/** A column header that can be dragged onto another to take its place. */
function HeaderCell(props: {
  id: string
  index: number
  width: number
  isResizing: boolean
  isDropTarget: boolean
  sortDirection: SortDirection | undefined
  onDropTargetChange: (update: (current: string | undefined) => string | undefined) => void
  dispatch: Dispatch<ColumnPrefsAction>
  resize: ReactNode
  children: ReactNode
}) {
  const { id, onDropTargetChange } = props
  const ariaSort = { desc: 'descending', asc: 'ascending' } as const
  return (
    <div
      role="columnheader"
      aria-colindex={props.index + 1}
      aria-sort={props.sortDirection === undefined ? undefined : ariaSort[props.sortDirection]}
      className={`ev-th${props.isDropTarget ? ' ev-drop-target' : ''}${
        props.isResizing ? ' ev-resizing' : ''
      }`}
      style={{ width: props.width }}
      data-testid={props.sortDirection === undefined ? undefined : 'time-header'}
      data-column-id={id}
      draggable
      onDragStart={(event) => {
        event.dataTransfer.setData(dragType, id)
        event.dataTransfer.effectAllowed = 'move'
      }}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes(dragType)) return
        event.preventDefault()
        event.dataTransfer.dropEffect = 'move'
        onDropTargetChange(() => id)
      }}
      onDragLeave={() => {
        onDropTargetChange((current) => (current === id ? undefined : current))
      }}
      onDrop={(event) => {
        const dragged = event.dataTransfer.getData(dragType)
        onDropTargetChange(() => undefined)
        if (dragged === '') return
        event.preventDefault()
        props.dispatch({ type: 'move-to', id: dragged, targetId: id })
      }}
      onDragEnd={() => {
        onDropTargetChange(() => undefined)
      }}
    >
      {props.children}
      {props.resize}
    </div>
  )
}

/** The time column's label, which toggles newest-first and oldest-first. */
function TimeSortButton(props: {
  label: string
  direction: SortDirection
  onChange: (direction: SortDirection) => void
}) {
  const isNewestFirst = props.direction === 'desc'
  return (
    <button
      type="button"
      className="ev-sort"
      onClick={() => {
        props.onChange(isNewestFirst ? 'asc' : 'desc')
      }}
    >
      <span className="ev-th-label">{props.label}</span>
      <span className="ev-sort-arrow" aria-hidden="true">
        {isNewestFirst ? '↓' : '↑'}
      </span>
      <span className="ev-sr-only">{isNewestFirst ? ', newest first' : ', oldest first'}</span>
    </button>
  )
}

/** Drag (mouse or touch) or ArrowLeft/ArrowRight to resize; double-click for the default width. */
function ResizeHandle(props: {
  label: string
  width: number
  onPointerStart: (event: unknown) => void
  onResize: (width: number) => void
  onReset: () => void
}) {
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${props.label}`}
      aria-valuenow={props.width}
      aria-valuemin={columnWidthLimits.min}
      aria-valuemax={columnWidthLimits.max}
      tabIndex={0}
      className="ev-resize-handle"
      onMouseDown={(event) => {
        // Keep the header's drag-to-reorder from starting under the resize gesture.
        event.preventDefault()
        event.stopPropagation()
        props.onPointerStart(event)
      }}
      onTouchStart={(event) => {
        event.stopPropagation()
        props.onPointerStart(event)
      }}
      onKeyDown={(event) => {
        if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return
        event.preventDefault()
        event.stopPropagation()
        const step = event.key === 'ArrowLeft' ? -keyboardResizeStep : keyboardResizeStep
        props.onResize(props.width + step)
      }}
      onDoubleClick={props.onReset}
    />
  )
}
