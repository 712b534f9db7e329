// The TanStack Table column model of the event table. The table holds no rows (they are paged
// from the core and virtualised by the renderer); it owns column order, visibility, sizes and
// the resize gesture, with the reviewer's preferences as its controlled state.
import {
  columnOrderingFeature,
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  tableFeatures,
  useTable,
  type ColumnSizingState,
  type Updater,
} from '@tanstack/react-table'
import { useMemo } from 'react'
import { columnSpecs, columnWidthLimits, type ColumnSpec } from './columns'
import type { LogRow, Stream } from './types'
import { useColumnPrefs } from './use-column-prefs'

const features = tableFeatures({
  columnOrderingFeature,
  columnVisibilityFeature,
  columnSizingFeature,
  columnResizingFeature,
})
const helper = createColumnHelper<typeof features, LogRow>()
const noRows: LogRow[] = []

const columnDefs = (stream: Stream) =>
  columnSpecs(stream).map((column) =>
    helper.display({
      id: column.id,
      header: column.label,
      size: column.width,
      minSize: columnWidthLimits.min,
      maxSize: columnWidthLimits.max,
      enableHiding: column.canHide,
    }),
  )

const definitions = {
  'audit-events': columnDefs('audit-events'),
  'request-logs': columnDefs('request-logs'),
}

/** A visible column as the rows render it: its spec and its current width. */
export type VisibleColumn = { spec: ColumnSpec; width: number }

/** The column model for one stream, its preferences and the visible columns in order. */
export function useColumnModel(stream: Stream) {
  const { specs, prefs, dispatch } = useColumnPrefs(stream)
  const columnVisibility = useMemo(
    () => Object.fromEntries(prefs.hidden.map((id) => [id, false])),
    [prefs.hidden],
  )
  const table = useTable({
    features,
    columns: definitions[stream],
    data: noRows,
    columnResizeMode: 'onChange',
    state: { columnOrder: prefs.order, columnVisibility, columnSizing: prefs.widths },
    onColumnSizingChange: (updater: Updater<ColumnSizingState>) => {
      const widths = typeof updater === 'function' ? updater(prefs.widths) : updater
      dispatch({ type: 'set-widths', widths })
    },
  })
  const byId = useMemo(() => new Map(specs.map((column) => [column.id, column])), [specs])
  const visibleColumns = useMemo(
    () =>
      prefs.order.flatMap((id): VisibleColumn[] => {
        const spec = byId.get(id)
        if (spec === undefined || prefs.hidden.includes(id)) return []
        return [{ spec, width: prefs.widths[id] ?? spec.width }]
      }),
    [byId, prefs],
  )
  return { table, specs, prefs, dispatch, visibleColumns }
}

/** The table instance of the event table's column model. */
export type ColumnModel = ReturnType<typeof useColumnModel>['table']
