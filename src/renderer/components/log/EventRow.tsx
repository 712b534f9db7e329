import { memo } from 'react'
import { LogValue, type ValueContext } from './LogValue'
import type { LogRow } from './types'
import type { VisibleColumn } from './use-column-model'

/** One virtualised row of the event table, placed absolutely at its offset. */
export const EventRow = memo(function EventRow(props: {
  row: LogRow
  index: number
  domId: string
  offset: number
  height: number
  columns: readonly VisibleColumn[]
  isSelected: boolean
  context: ValueContext
  onActivate: (row: LogRow) => void
}) {
  const { row } = props
  return (
    <div
      id={props.domId}
      role="row"
      aria-rowindex={props.index + 2}
      aria-selected={props.isSelected}
      className={`ev-row ev-body-row${props.isSelected ? ' ev-selected' : ''}${
        props.index % 2 === 1 ? ' ev-odd' : ''
      }`}
      style={{ height: props.height, transform: `translateY(${props.offset}px)` }}
      data-testid="event-row"
      data-row-id={row.rowId}
      onClick={() => {
        props.onActivate(row)
      }}
    >
      {props.columns.map(({ spec, width }, columnIndex) => (
        <div
          key={spec.id}
          role="gridcell"
          aria-colindex={columnIndex + 1}
          className={`ev-td ev-kind-${spec.kind}`}
          style={{ width }}
        >
          <LogValue kind={spec.kind} value={spec.value(row)} context={props.context} />
        </div>
      ))}
    </div>
  )
})
