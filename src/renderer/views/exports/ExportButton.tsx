import { useCallback, useState } from 'react'
import { useCommandRequest } from '../../menu-commands'
import type { EventFilter, Stream } from '../../../shared/filter'
import { ExportDialog } from './ExportDialog'

/** "Export…" in a log view's toolbar: opens the export dialog on the table's filter and count. */
export function ExportButton(props: {
  stream: Stream
  filter: EventFilter | undefined
  total: number | undefined
}) {
  const [isOpen, setOpen] = useState(false)
  const { filter } = props
  // File › Export… opens the dialog once the table's filter is known.
  const open = useCallback(() => {
    setOpen(true)
  }, [])
  useCommandRequest('export', filter !== undefined, open)
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={filter === undefined}
        onClick={() => {
          setOpen(true)
        }}
        data-testid="export-open"
      >
        Export…
      </button>
      {isOpen && filter !== undefined && (
        <ExportDialog
          stream={props.stream}
          filter={filter}
          total={props.total}
          onClose={() => {
            setOpen(false)
          }}
        />
      )}
    </>
  )
}
