import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { Stream } from '../../../shared/filter'
import type { CoverageDay } from '../../../shared/sync-status-schemas'
import { useClient } from '../../client/ClientContext'
import { formatCount, formatUtc } from '../../format'
import { useConnectionsStore } from '../../state/connections-store'
import { calendarWeeks, movedIndex } from './calendar-grid'
import { statusLooks } from './status-looks'
import { useRepair } from './use-repair'
import './coverage.css'

/** Every other weekday is named, Monday first, as the rows run. */
const weekdayLabels = ['Mon', '', 'Wed', '', 'Fri', '', 'Sun'] as const

const streamTitles = { 'audit-events': 'Audit log', 'request-logs': 'API requests' } as const

type Loaded = { days: CoverageDay[]; summary: Record<CoverageDay['status'], number> }

/** What a day cell is called by screen readers, and its tooltip. */
export const dayName = (day: CoverageDay): string =>
  `${day.date}: ${formatCount(day.events)} ${day.events === 1 ? 'event' : 'events'}, ${day.status}`

/**
 * The coverage calendar of one stream: a cell per UTC day (colour, glyph and name per status),
 * the selected day's details, and the repair of the mismatched days. Reloads when a sync ends or
 * `version` changes (after a verification).
 */
export function CoverageCalendar(props: { connectionId: string; stream: Stream; version: number }) {
  const { connectionId, stream } = props
  const client = useClient()
  const dataVersion = useConnectionsStore((state) => state.dataVersion)
  const [loaded, setLoaded] = useState<Loaded | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [selected, setSelected] = useState<number | undefined>()
  const repair = useRepair(connectionId, stream)

  useEffect(() => {
    let isCurrent = true
    void client.call('coverage.days', { connectionId, stream }).then((result) => {
      if (!isCurrent) return
      if (result.ok) {
        setLoaded(result.value)
        setError(undefined)
      } else setError(result.error.message)
    })
    return () => {
      isCurrent = false
    }
  }, [client, connectionId, stream, dataVersion, props.version, repair.version])

  const title = streamTitles[stream]
  if (loaded === undefined)
    return (
      <section className="coverage-calendar">
        <h4>{title}</h4>
        {error === undefined ? (
          <p className="muted">Reading the calendar…</p>
        ) : (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </section>
    )
  const mismatched = loaded.days.filter((day) => day.status === 'mismatched').map((day) => day.date)
  const chosen = selected === undefined ? undefined : loaded.days[selected]
  return (
    <section className="coverage-calendar" data-testid={`coverage-${stream}`}>
      <h4>{title}</h4>
      <p className="coverage-summary" data-testid={`coverage-summary-${stream}`}>
        {(['verified', 'mismatched', 'gap', 'unverified'] as const)
          .map((status) => `${formatCount(loaded.summary[status])} ${statusLooks[status].label}`)
          .join(' · ')}
      </p>
      <DayGrid
        days={loaded.days}
        label={`${title} coverage by UTC day`}
        selected={selected}
        onSelect={setSelected}
      />
      <p className="coverage-detail" aria-live="polite" data-testid={`coverage-detail-${stream}`}>
        {chosen === undefined ? 'Choose a day to see its details.' : describeDay(chosen)}
      </p>
      {mismatched.length > 0 && (
        <button
          type="button"
          className="button"
          disabled={repair.isRunning}
          onClick={() => void repair.run(mismatched)}
          data-testid={`coverage-repair-${stream}`}
        >
          {repair.isRunning
            ? 'Repairing…'
            : `Repair ${formatCount(mismatched.length)} mismatched ${mismatched.length === 1 ? 'day' : 'days'}`}
        </button>
      )}
      {repair.message !== undefined && (
        <p className={repair.message.isError ? 'form-error' : 'form-notice'} role="status">
          {repair.message.text}
        </p>
      )}
    </section>
  )
}

function describeDay(day: CoverageDay): string {
  const parts = [`${day.date} (UTC): ${formatCount(day.events)} events cached`]
  parts.push(statusLooks[day.status].explanation)
  if (day.checkedAt !== null) {
    const server =
      day.serverCount === null ? '' : `; the server had ${formatCount(day.serverCount)}`
    parts.push(`last checked ${formatUtc(day.checkedAt)}${server}`)
  }
  return parts.join(' · ')
}

/** The grid of day cells; one cell is in the tab order, arrow keys move between days. */
function DayGrid(props: {
  days: CoverageDay[]
  label: string
  selected: number | undefined
  onSelect: (index: number) => void
}) {
  const { weeks, months } = calendarWeeks(props.days)
  const cells = useRef(new Map<number, HTMLButtonElement>())
  const scroller = useRef<HTMLDivElement>(null)
  const current = props.selected ?? props.days.length - 1

  // The newest days matter most: a long calendar opens scrolled to its end.
  useEffect(() => {
    const element = scroller.current
    if (element !== null) element.scrollLeft = element.scrollWidth
  }, [props.days.length])

  const onKeyDown = (event: KeyboardEvent) => {
    const next = movedIndex(event.key, current, props.days.length)
    if (next === undefined) return
    event.preventDefault()
    props.onSelect(next)
    cells.current.get(next)?.focus()
  }

  return (
    <div className="coverage-scroller" ref={scroller}>
      <span />
      <div className="coverage-months" aria-hidden="true">
        {months.map((month) => (
          <span key={month.column} style={{ gridColumnStart: month.column + 1 }}>
            {month.label}
          </span>
        ))}
      </div>
      <div className="coverage-weekdays" aria-hidden="true">
        {weekdayLabels.map((label, row) => (
          <span key={row}>{label}</span>
        ))}
      </div>
      <div className="coverage-grid" role="group" aria-label={props.label} onKeyDown={onKeyDown}>
        {weeks.flat().map((cell, position) => {
          if (cell === undefined)
            return <span key={`blank-${String(position)}`} className="coverage-blank" />
          const looks = statusLooks[cell.day.status]
          return (
            <button
              key={cell.day.date}
              ref={(element) => {
                if (element === null) cells.current.delete(cell.index)
                else cells.current.set(cell.index, element)
              }}
              type="button"
              className={`coverage-cell coverage-${cell.day.status}`}
              tabIndex={cell.index === current ? 0 : -1}
              aria-label={dayName(cell.day)}
              aria-pressed={cell.index === props.selected}
              title={dayName(cell.day)}
              data-date={cell.day.date}
              data-status={cell.day.status}
              onClick={() => {
                props.onSelect(cell.index)
              }}
            >
              <span aria-hidden="true">{looks.glyph}</span>
            </button>
          )
        })}
      </div>
    </div>
  )
}
