// The keyboard model of the event grid, apart from the DOM so it can be tested.

/** Where the selection is and how many rows there are to move through. */
export type GridPosition = {
  /** The selected row's index among the loaded rows; undefined when none is selected. */
  index: number | undefined
  count: number
  /** How many rows PageUp and PageDown move: about one screenful. */
  pageSize: number
}

/** What a key press does: select a row (and scroll it into view), open it, or nothing. */
export type GridKeyAction =
  { kind: 'select'; index: number } | { kind: 'open'; index: number } | { kind: 'none' }

/** The action for a key in the grid: arrows, PageUp/PageDown, Home/End move; Enter opens. */
export function gridKeyAction(key: string, position: GridPosition): GridKeyAction {
  const { count } = position
  if (count <= 0) return { kind: 'none' }
  const current =
    position.index === undefined || position.index < 0 || position.index >= count
      ? undefined
      : position.index
  const page = Math.max(1, Math.floor(position.pageSize))
  const last = count - 1
  const select = (index: number): GridKeyAction => ({
    kind: 'select',
    index: Math.min(last, Math.max(0, index)),
  })
  switch (key) {
    case 'ArrowDown':
      return select(current === undefined ? 0 : current + 1)
    case 'ArrowUp':
      return select(current === undefined ? 0 : current - 1)
    case 'PageDown':
      return select(current === undefined ? page - 1 : current + page)
    case 'PageUp':
      return select(current === undefined ? 0 : current - page)
    case 'Home':
      return select(0)
    case 'End':
      return select(last)
    case 'Enter':
      return current === undefined ? { kind: 'none' } : { kind: 'open', index: current }
    default:
      return { kind: 'none' }
  }
}
