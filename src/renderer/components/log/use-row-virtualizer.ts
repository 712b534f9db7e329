import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import type { LogRow, SortDirection } from './types'

/** Ask for the next page while this many loaded rows are still below the viewport. */
const loadAhead = 80

/**
 * The row virtualizer of the event grid: fixed-height rows below a sticky header inside one
 * scroll element. It re-measures when the density changes, returns to the top when the sort
 * flips, and asks for the next keyset page when the reviewer nears the last loaded row.
 */
export function useRowVirtualizer(options: {
  rows: readonly LogRow[]
  rowHeight: number
  headerHeight: number
  sortDirection: SortDirection
  hasMore: boolean
  isLoading: boolean
  onLoadMore: () => void
}) {
  const { rows, rowHeight, headerHeight, hasMore, isLoading, onLoadMore } = options
  const scrollRef = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler runs here; the virtualizer re-renders its component when it scrolls
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey: (index) => rows[index]?.rowId ?? index,
    overscan: 12,
    scrollMargin: headerHeight,
    scrollPaddingStart: headerHeight,
  })

  useEffect(() => {
    virtualizer.measure()
  }, [virtualizer, rowHeight])

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 })
  }, [options.sortDirection])

  const items = virtualizer.getVirtualItems()
  const lastInView = items.at(-1)?.index ?? -1
  const requestedFor = useRef<readonly LogRow[] | undefined>(undefined)
  useEffect(() => {
    // Once per rows array: a failed load is retried with the footer button, not in a loop.
    if (!hasMore || isLoading || lastInView < rows.length - loadAhead) return
    if (requestedFor.current === rows) return
    requestedFor.current = rows
    onLoadMore()
  }, [hasMore, isLoading, lastInView, rows, onLoadMore])

  return { scrollRef, virtualizer, items }
}
