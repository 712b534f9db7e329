import { useState } from 'react'
import type { BucketSize } from '../../../../shared/chart-schemas'
import { bucketText } from './chart-format'
import type { TimePoint } from './TimeChart'

/** A column of the values table: a series' field, heading and how its numbers read. */
export type ValueColumn = { key: string; name: string; format?: (value: number) => string }

/**
 * A time chart's values as a table, for the keyboard and screen readers: the same brushing as a
 * form (choose the first and last bucket, then zoom) and each bucket's events as a link.
 */
export function TimeValues(props: {
  id: string
  data: readonly TimePoint[]
  bucket: BucketSize
  bucketMs: number
  columns: readonly ValueColumn[]
  onZoom: (from: number, to: number) => void
  openHref: (point: TimePoint) => string
  /** What a bucket's link opens, for its accessible name: `Open sign-ins`. */
  openLabel: string
}) {
  const { data } = props
  const [first, setFirst] = useState(0)
  const [last, setLast] = useState(Math.max(0, data.length - 1))
  const low = Math.min(first, last)
  const high = Math.max(first, last)
  const option = (point: TimePoint, index: number) => (
    <option key={point.start} value={index}>
      {bucketText(point.start, props.bucket)}
    </option>
  )
  return (
    <div className="time-values">
      <form
        className="zoom-form"
        onSubmit={(event) => {
          event.preventDefault()
          const from = data[low]?.start
          const to = data[high]?.start
          if (from !== undefined && to !== undefined) props.onZoom(from, to + props.bucketMs)
        }}
      >
        <label>
          From
          <select
            value={first}
            onChange={(event) => {
              setFirst(Number(event.target.value))
            }}
            data-testid={`zoom-from-${props.id}`}
          >
            {data.map(option)}
          </select>
        </label>
        <label>
          to
          <select
            value={last}
            onChange={(event) => {
              setLast(Number(event.target.value))
            }}
            data-testid={`zoom-to-${props.id}`}
          >
            {data.map(option)}
          </select>
        </label>
        <button type="submit" className="button" data-testid={`zoom-apply-${props.id}`}>
          Zoom to these buckets
        </button>
      </form>
      <div className="values-scroll">
        <table className="values-table">
          <thead>
            <tr>
              <th scope="col">Bucket</th>
              {props.columns.map((column) => (
                <th scope="col" key={column.key}>
                  {column.name}
                </th>
              ))}
              <th scope="col">
                <span className="sr-only">Events</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.map((point) => (
              <tr key={point.start}>
                <th scope="row">{bucketText(point.start, props.bucket)}</th>
                {props.columns.map((column) => (
                  <td key={column.key}>
                    {(column.format ?? ((value: number) => value.toLocaleString('en-US')))(
                      point[column.key] ?? 0,
                    )}
                  </td>
                ))}
                <td>
                  <a
                    href={props.openHref(point)}
                    aria-label={`${props.openLabel}, ${bucketText(point.start, props.bucket)}`}
                  >
                    Open
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
