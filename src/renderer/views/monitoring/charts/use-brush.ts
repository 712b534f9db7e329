// Brushing a time chart with the pointer: press on a bucket, drag across others, release. A press
// and release on the same bucket is a click (it opens that bucket's events instead).
import { useRef, useState } from 'react'
import type { MouseHandlerDataParam } from 'recharts'

/** The buckets being brushed, by index in the chart's data, lowest first. */
export type BrushSelection = { first: number; last: number }

const indexOf = (state: MouseHandlerDataParam): number | undefined => {
  const index = Number(state.activeTooltipIndex ?? Number.NaN)
  return Number.isInteger(index) && index >= 0 ? index : undefined
}

/**
 * Pointer handlers for a recharts chart and the selection they draw; `onBrush` gets the first
 * and last bucket index of a drag, `onClick` the index of a press without a drag.
 */
export function useBrush(handlers: {
  onBrush: (selection: BrushSelection) => void
  onClick: (index: number) => void
}) {
  // The handlers read the drag from a ref: the chart may call a handler from an earlier render
  // (a quick click releases before the press's render reaches it).
  const drag = useRef<{ anchor: number; current: number } | undefined>(undefined)
  const [selection, setSelection] = useState<BrushSelection | undefined>()
  const show = () => {
    const now = drag.current
    setSelection(
      now === undefined
        ? undefined
        : { first: Math.min(now.anchor, now.current), last: Math.max(now.anchor, now.current) },
    )
  }
  return {
    selection,
    chartProps: {
      onMouseDown: (state: MouseHandlerDataParam) => {
        const index = indexOf(state)
        drag.current = index === undefined ? undefined : { anchor: index, current: index }
        show()
      },
      onMouseMove: (state: MouseHandlerDataParam) => {
        const index = indexOf(state)
        if (drag.current === undefined || index === undefined) return
        drag.current = { ...drag.current, current: index }
        show()
      },
      onMouseUp: () => {
        const done = drag.current
        drag.current = undefined
        show()
        if (done === undefined) return
        if (done.anchor === done.current) handlers.onClick(done.anchor)
        else
          handlers.onBrush({
            first: Math.min(done.anchor, done.current),
            last: Math.max(done.anchor, done.current),
          })
      },
      onMouseLeave: () => {
        drag.current = undefined
        show()
      },
    },
  }
}
