import { useEffect, useId, useRef, useState, type Dispatch } from 'react'
import type { ColumnPrefs, ColumnPrefsAction } from './column-prefs'
import type { ColumnSpec } from './columns'

/**
 * The "Columns" button and its menu: show or hide each column, move it left or right, and go
 * back to the defaults. Escape or a click outside closes it and returns focus to the button.
 */
export function ColumnMenu(props: {
  specs: readonly ColumnSpec[]
  prefs: ColumnPrefs
  dispatch: Dispatch<ColumnPrefsAction>
}) {
  const { specs, prefs, dispatch } = props
  const [isOpen, setIsOpen] = useState(false)
  const menuId = useId()
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (!isOpen) return
    const closeOutside = (event: PointerEvent) => {
      if (event.target instanceof Node && root.current?.contains(event.target) !== true) {
        setIsOpen(false)
      }
    }
    document.addEventListener('pointerdown', closeOutside)
    return () => {
      document.removeEventListener('pointerdown', closeOutside)
    }
  }, [isOpen])

  const close = () => {
    setIsOpen(false)
    button.current?.focus()
  }
  const byId = new Map(specs.map((column) => [column.id, column]))
  const ordered = prefs.order.flatMap((id) => byId.get(id) ?? [])

  return (
    <div className="ev-column-menu-root" ref={root}>
      <button
        ref={button}
        type="button"
        className="ev-button"
        aria-expanded={isOpen}
        aria-controls={menuId}
        data-testid="column-menu-button"
        onClick={() => {
          setIsOpen(!isOpen)
        }}
      >
        Columns
      </button>
      {isOpen && (
        <div
          id={menuId}
          className="ev-column-menu"
          role="dialog"
          aria-label="Columns"
          data-testid="column-menu"
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return
            event.preventDefault()
            close()
          }}
        >
          <p className="ev-menu-hint">Shown left to right. Drag a header to move it, too.</p>
          <ul>
            {ordered.map((column, index) => (
              <ColumnMenuItem
                key={column.id}
                column={column}
                isHidden={prefs.hidden.includes(column.id)}
                index={index}
                isFirst={index === 0}
                isLast={index === ordered.length - 1}
                dispatch={dispatch}
              />
            ))}
          </ul>
          <button
            type="button"
            className="ev-button"
            onClick={() => {
              dispatch({ type: 'reset' })
            }}
          >
            Reset columns
          </button>
        </div>
      )}
    </div>
  )
}

function ColumnMenuItem(props: {
  column: ColumnSpec
  index: number
  isHidden: boolean
  isFirst: boolean
  isLast: boolean
  dispatch: Dispatch<ColumnPrefsAction>
}) {
  const { column, dispatch, index, isFirst, isLast } = props
  const left = useRef<HTMLButtonElement>(null)
  const right = useRef<HTMLButtonElement>(null)
  const movedBy = useRef<-1 | 1 | undefined>(undefined)
  // Reordering the list moves this item's element, which drops focus: put it back on the arrow
  // that was pressed, or on the other one when this column reached the end.
  useEffect(() => {
    const direction = movedBy.current
    if (direction === undefined) return
    movedBy.current = undefined
    const pressed = direction < 0 ? left.current : right.current
    const other = direction < 0 ? right.current : left.current
    ;(pressed?.disabled === true ? other : pressed)?.focus()
  }, [index])
  const move = (direction: -1 | 1) => {
    movedBy.current = direction
    dispatch({ type: 'move', id: column.id, direction })
  }
  return (
    <li data-column-id={column.id}>
      <label>
        <input
          type="checkbox"
          checked={!props.isHidden}
          disabled={!column.canHide}
          onChange={() => {
            dispatch({ type: 'toggle', id: column.id })
          }}
        />
        {column.label}
        {!column.canHide && <span className="ev-muted"> (always shown)</span>}
      </label>
      <span className="ev-move">
        <button
          type="button"
          className="ev-icon-button"
          aria-label={`Move ${column.label} left`}
          ref={left}
          disabled={isFirst}
          onClick={() => {
            move(-1)
          }}
        >
          ←
        </button>
        <button
          type="button"
          className="ev-icon-button"
          aria-label={`Move ${column.label} right`}
          ref={right}
          disabled={isLast}
          onClick={() => {
            move(1)
          }}
        >
          →
        </button>
      </span>
    </li>
  )
}
