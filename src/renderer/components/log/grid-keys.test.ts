import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { gridKeyAction } from './grid-keys'

const at = (index: number | undefined, count = 100, pageSize = 20) => ({ index, count, pageSize })

describe('gridKeyAction', () => {
  it('moves one row with the arrows and stops at the ends', () => {
    expect(gridKeyAction('ArrowDown', at(5))).toEqual({ kind: 'select', index: 6 })
    expect(gridKeyAction('ArrowUp', at(5))).toEqual({ kind: 'select', index: 4 })
    expect(gridKeyAction('ArrowUp', at(0))).toEqual({ kind: 'select', index: 0 })
    expect(gridKeyAction('ArrowDown', at(99))).toEqual({ kind: 'select', index: 99 })
  })

  it('moves a screenful with PageUp and PageDown, clamped to the loaded rows', () => {
    expect(gridKeyAction('PageDown', at(5))).toEqual({ kind: 'select', index: 25 })
    expect(gridKeyAction('PageDown', at(90))).toEqual({ kind: 'select', index: 99 })
    expect(gridKeyAction('PageUp', at(30))).toEqual({ kind: 'select', index: 10 })
    expect(gridKeyAction('PageUp', at(3))).toEqual({ kind: 'select', index: 0 })
  })

  it('jumps to the first and last loaded row with Home and End', () => {
    expect(gridKeyAction('Home', at(50))).toEqual({ kind: 'select', index: 0 })
    expect(gridKeyAction('End', at(50))).toEqual({ kind: 'select', index: 99 })
  })

  it('starts at the top when nothing is selected, or the selection is no longer loaded', () => {
    expect(gridKeyAction('ArrowDown', at(undefined))).toEqual({ kind: 'select', index: 0 })
    expect(gridKeyAction('ArrowUp', at(undefined))).toEqual({ kind: 'select', index: 0 })
    expect(gridKeyAction('PageDown', at(undefined))).toEqual({ kind: 'select', index: 19 })
    expect(gridKeyAction('ArrowDown', at(-1))).toEqual({ kind: 'select', index: 0 })
    expect(gridKeyAction('ArrowDown', at(500))).toEqual({ kind: 'select', index: 0 })
  })

  it('opens the selected row with Enter, and does nothing without a selection', () => {
    expect(gridKeyAction('Enter', at(7))).toEqual({ kind: 'open', index: 7 })
    expect(gridKeyAction('Enter', at(undefined))).toEqual({ kind: 'none' })
  })

  it('ignores other keys and empty tables', () => {
    expect(gridKeyAction('a', at(3))).toEqual({ kind: 'none' })
    expect(gridKeyAction('ArrowLeft', at(3))).toEqual({ kind: 'none' })
    expect(gridKeyAction('ArrowDown', at(undefined, 0))).toEqual({ kind: 'none' })
    expect(gridKeyAction('End', at(undefined, 0))).toEqual({ kind: 'none' })
  })

  it('moves by at least one row even when the page size is zero or fractional', () => {
    expect(gridKeyAction('PageDown', at(5, 100, 0))).toEqual({ kind: 'select', index: 6 })
    expect(gridKeyAction('PageDown', at(5, 100, 2.7))).toEqual({ kind: 'select', index: 7 })
  })

  it('always selects a loaded row (property)', () => {
    const keys = ['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', 'Enter', 'x']
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        fc.option(fc.integer({ min: -5, max: 300 }), { nil: undefined }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: -3, max: 50 }),
        (key, index, count, pageSize) => {
          const action = gridKeyAction(key, { index, count, pageSize })
          if (action.kind === 'none') return
          expect(action.index).toBeGreaterThanOrEqual(0)
          expect(action.index).toBeLessThan(count)
        },
      ),
    )
  })
})
