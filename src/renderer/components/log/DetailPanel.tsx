import { useEffect, useId, useMemo, type ReactNode } from 'react'
import { fieldsOf } from './detail-fields'
import { LogValue, SafeText, type ValueContext } from './LogValue'
import { PivotBar } from './PivotBar'
import { RawJsonView } from './RawJsonView'
import { formatInstant, localTimeZone, zoneLabel } from './time-format'
import type { LogRow, Pivot, Stream, TimeMode } from './types'
import './log.css'

/** What the detail panel shows and how it reports the reviewer's actions. */
export type DetailPanelProps = {
  stream: Stream
  row: LogRow
  /** The event's raw JSON exactly as stored; undefined while it loads. */
  raw: string | undefined
  timeMode: TimeMode
  onPivot: (pivot: Pivot) => void
  onClose: () => void
}

/**
 * One event in full: every field, the raw JSON (formatted or as stored, copyable exactly) and
 * pivots to related events. Escape closes it, unless a dialog or menu took the key first.
 */
export function DetailPanel(props: DetailPanelProps) {
  const { row, stream, timeMode, onClose } = props
  const headingId = useId()
  const zone = useMemo(() => localTimeZone(), [])

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      if (event.target instanceof Element && event.target.closest('[role="dialog"]') !== null)
        return
      event.preventDefault()
      onClose()
    }
    document.addEventListener('keydown', onKeyDown)
    return () => {
      document.removeEventListener('keydown', onKeyDown)
    }
  }, [onClose])

  const context: ValueContext = { timeMode, zone, isDetail: true }
  const modes: TimeMode[] = timeMode === 'utc' ? ['utc', 'local'] : ['local', 'utc']
  return (
    <aside className="ev-detail" data-testid="detail-panel" aria-labelledby={headingId}>
      <header className="ev-detail-header">
        <h2 id={headingId}>
          <DetailTitle stream={stream} row={row} />
        </h2>
        <button
          type="button"
          className="ev-icon-button"
          aria-label="Close detail"
          onClick={onClose}
        >
          ✕
        </button>
      </header>
      <PivotBar stream={stream} row={row} onPivot={props.onPivot} />
      <section className="ev-detail-section" aria-label="Fields">
        <dl className="ev-fields">
          {modes.map((mode) => (
            <Field key={mode} label={`Time (${zoneLabel(mode, zone)})`}>
              <span className="ev-time">
                {formatInstant(row.occurredAt, mode, { zone, withZone: true })}
              </span>
            </Field>
          ))}
          <Field label="Event id">
            <SafeText value={row.id} keepLineBreaks />
          </Field>
          <Field label="Sequence">{String(row.seq)}</Field>
          {fieldsOf(stream, row).map(({ name, label, kind }) => (
            <Field key={name} label={label}>
              <LogValue kind={kind} value={row.columns[name] ?? null} context={context} />
            </Field>
          ))}
        </dl>
      </section>
      <RawJsonView key={row.rowId} raw={props.raw} />
    </aside>
  )
}

function DetailTitle(props: { stream: Stream; row: LogRow }) {
  const { columns } = props.row
  if (props.stream === 'audit-events') return <SafeText value={columns.action ?? 'Audit event'} />
  return (
    <>
      <SafeText value={columns.method ?? 'Request'} /> <SafeText value={columns.endpoint ?? ''} />
    </>
  )
}

function Field(props: { label: string; children: ReactNode }) {
  return (
    <div className="ev-field">
      <dt>
        <SafeText value={props.label} />
      </dt>
      <dd>{props.children}</dd>
    </div>
  )
}
