import type { ReactNode } from 'react'
import { formatDuration, statusClassOf } from './cell-format'
import type { ColumnKind } from './columns'
import { displaySegments } from './display-text'
import { formatInstant } from './time-format'
import type { TimeMode } from './types'

/**
 * A log string rendered as React text only, isolated from its neighbours' direction, with every
 * invisible or direction-changing character shown as a visible ⟨U+XXXX⟩ escape.
 */
export function SafeText(props: {
  value: string | number | null | undefined
  keepLineBreaks?: boolean
  maxLength?: number
}) {
  const { value } = props
  if (value === null || value === undefined) {
    return (
      <span className="ev-null">
        <span aria-hidden="true">—</span>
        <span className="ev-sr-only">empty</span>
      </span>
    )
  }
  if (typeof value === 'number') return <span className="ev-text">{String(value)}</span>
  const segments = displaySegments(value, {
    ...(props.keepLineBreaks === true && { keepLineBreaks: true }),
    ...(props.maxLength !== undefined && { maxLength: props.maxLength }),
  })
  return (
    <span className="ev-text">
      {segments.map((segment, index) =>
        segment.isEscape ? (
          <span key={index} className="ev-escape">
            {segment.text}
          </span>
        ) : (
          segment.text
        ),
      )}
    </span>
  )
}

/** How a value is placed: a table cell truncates, a detail field shows everything. */
export type ValueContext = { timeMode: TimeMode; zone: string; isDetail: boolean }

const cellMaxLength = 400

/** A column value rendered according to its kind: times, status codes, durations, text. */
export function LogValue(props: {
  kind: ColumnKind
  value: string | number | null
  context: ValueContext
}) {
  const { kind, value, context } = props
  const text = (shown: string | number | null) =>
    context.isDetail ? (
      <SafeText value={shown} keepLineBreaks />
    ) : (
      <SafeText value={shown} maxLength={cellMaxLength} />
    )
  if ((kind === 'time' || kind === 'instant') && typeof value === 'number') {
    const shown = formatInstant(value, context.timeMode, {
      zone: context.zone,
      withZone: context.isDetail,
    })
    return <span className="ev-time">{shown}</span>
  }
  if (kind === 'status-code') return <StatusCode value={value} fallback={text(value)} />
  if (kind === 'duration' && typeof value === 'number') {
    return <span className="ev-number">{formatDuration(value)}</span>
  }
  if (kind === 'audit-status' && (value === 'success' || value === 'failure')) {
    return (
      <span className={`ev-audit-status ev-audit-${value}`}>
        <span aria-hidden="true">{value === 'success' ? '✓' : '✕'}</span> {value}
      </span>
    )
  }
  if (kind === 'number' && typeof value === 'number') {
    return <span className="ev-number">{String(value)}</span>
  }
  return text(value)
}

function StatusCode(props: { value: string | number | null; fallback: ReactNode }) {
  const statusClass = statusClassOf(props.value)
  if (statusClass === undefined || props.value === null) return props.fallback
  return (
    <span className={`ev-http ev-http-${statusClass.className}`}>
      <span className="ev-http-code">{String(props.value)}</span>{' '}
      <span className="ev-http-label">{statusClass.label}</span>
    </span>
  )
}
