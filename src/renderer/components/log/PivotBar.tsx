import { useId, useState } from 'react'
import { SafeText } from './LogValue'
import {
  aroundMinutes,
  aroundPivot,
  isAroundMinutes,
  pivotsFor,
  type AroundMinutes,
} from './pivots'
import type { LogRow, Pivot, Stream } from './types'

const pivotValueLength = 48

/** Buttons that show related events: same actor, IP, API key or resource, or around this time. */
export function PivotBar(props: { stream: Stream; row: LogRow; onPivot: (pivot: Pivot) => void }) {
  const { row, onPivot } = props
  const headingId = useId()
  const [minutes, setMinutes] = useState<AroundMinutes>(15)
  const pivots = pivotsFor(props.stream, row)
  const around = aroundPivot(row, minutes)
  const button = (testId: string, label: string, pivot: Pivot | undefined, value: string) =>
    pivot !== undefined && (
      <button
        type="button"
        className="ev-pivot"
        data-testid={testId}
        onClick={() => {
          onPivot(pivot)
        }}
      >
        <span>{label}</span>
        <span className="ev-pivot-value">
          <SafeText value={value} maxLength={pivotValueLength} />
        </span>
      </button>
    )

  return (
    <section className="ev-detail-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Related events</h3>
      <div className="ev-pivots">
        {button('pivot-actor', 'Everything by this actor', pivots.actor, pivots.actor?.value ?? '')}
        {button('pivot-ip', 'Everything from this IP', pivots.ip, pivots.ip?.value ?? '')}
        {button(
          'pivot-api-key',
          'Everything with this API key',
          pivots.apiKey,
          pivots.apiKey?.value ?? '',
        )}
        {button(
          'pivot-resource',
          'Everything on this resource',
          pivots.resource,
          pivots.resource === undefined ? '' : `${pivots.resource.type} ${pivots.resource.id}`,
        )}
        <div className="ev-around">
          <label>
            Window{' '}
            <select
              value={minutes}
              onChange={(event) => {
                const value = Number(event.target.value)
                if (isAroundMinutes(value)) setMinutes(value)
              }}
            >
              {aroundMinutes.map((option) => (
                <option key={option} value={option}>
                  ±{option} min
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="ev-pivot"
            data-testid="pivot-around"
            disabled={around === undefined}
            onClick={() => {
              if (around !== undefined) onPivot(around)
            }}
          >
            Events within ±{minutes} minutes
          </button>
        </div>
      </div>
    </section>
  )
}
