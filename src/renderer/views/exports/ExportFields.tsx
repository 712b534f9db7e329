import { useMemo, type ReactNode } from 'react'
import type { ExportFormat } from '../../../shared/export-schemas'
import type { Stream } from '../../../shared/filter'
import type { ExportChoices } from './export-choices'
import { columnsOf, formatChoices, timeZones } from './export-text'

/** The export dialog's fields: format, columns, BOM, local time column, annotations, findings. */
export function ExportFields(props: {
  stream: Stream
  choices: ExportChoices
  onChange: (choices: ExportChoices) => void
}) {
  const { choices, onChange } = props
  const set = (change: Partial<ExportChoices>) => {
    onChange({ ...choices, ...change })
  }
  return (
    <>
      <fieldset className="export-fieldset" data-testid="export-format">
        <legend>Format</legend>
        {formatChoices.map((format) => (
          <label key={format.value}>
            <input
              type="radio"
              name="export-format"
              value={format.value}
              checked={choices.format === format.value}
              onChange={() => {
                set({ format: format.value satisfies ExportFormat })
              }}
              data-testid={`export-format-${format.value}`}
            />{' '}
            {format.label} <span className="muted">— {format.detail}</span>
          </label>
        ))}
      </fieldset>
      {choices.format === 'jsonl' ? (
        <p className="export-explain" data-testid="export-jsonl-explain">
          JSON Lines writes every event exactly as the server sent it, one JSON object per line,
          with all its fields: there is no column choice and nothing is changed, so a SIEM imports
          the original records.
        </p>
      ) : (
        <TableFields stream={props.stream} choices={choices} set={set} />
      )}
    </>
  )
}

function TableFields(props: {
  stream: Stream
  choices: ExportChoices
  set: (change: Partial<ExportChoices>) => void
}) {
  const { choices, set } = props
  const zones = useMemo(() => timeZones(choices.zone), [choices.zone])
  return (
    <>
      <ColumnChoice stream={props.stream} columns={choices.columns} set={set} />
      {choices.format === 'csv' && (
        <Check choices={choices} name="bom" set={set} testId="export-bom">
          Start with a byte order mark <span className="muted">— for Excel on Windows</span>
        </Check>
      )}
      <div className="export-row">
        <Check choices={choices} name="hasLocalTime" set={set} testId="export-local-time">
          Add a local time column in
        </Check>
        <select
          aria-label="Time zone of the local time column"
          value={choices.zone}
          disabled={!choices.hasLocalTime}
          onChange={(event) => {
            set({ zone: event.target.value })
          }}
          data-testid="export-zone"
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </div>
      <p className="muted export-hint">Times are always written in UTC (ISO 8601) as well.</p>
      <Check choices={choices} name="includeAnnotations" set={set} testId="export-annotations">
        Include annotations <span className="muted">— tags, star and latest comment</span>
      </Check>
      <Check choices={choices} name="includeFindings" set={set} testId="export-findings">
        Include findings <span className="muted">— the findings each event is evidence for</span>
      </Check>
    </>
  )
}

type Flag = 'bom' | 'hasLocalTime' | 'includeAnnotations' | 'includeFindings'

/** One on/off choice of the export. */
function Check(props: {
  choices: ExportChoices
  name: Flag
  set: (change: Partial<ExportChoices>) => void
  testId: string
  children: ReactNode
}) {
  return (
    <label className="export-check">
      <input
        type="checkbox"
        checked={props.choices[props.name]}
        onChange={(event) => {
          props.set({ [props.name]: event.target.checked })
        }}
        data-testid={props.testId}
      />{' '}
      {props.children}
    </label>
  )
}

function ColumnChoice(props: {
  stream: Stream
  columns: string[]
  set: (change: Partial<ExportChoices>) => void
}) {
  const all = columnsOf(props.stream)
  const chosen = new Set(props.columns)
  return (
    <fieldset className="export-fieldset" data-testid="export-columns">
      <legend>
        Columns{' '}
        <span className="muted">
          ({String(props.columns.length)} of {String(all.length)})
        </span>
      </legend>
      <div className="export-row">
        <button
          type="button"
          className="button"
          onClick={() => {
            props.set({ columns: [...all] })
          }}
          data-testid="export-columns-all"
        >
          Select all
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            props.set({ columns: [] })
          }}
          data-testid="export-columns-none"
        >
          Select none
        </button>
      </div>
      <div className="export-columns">
        {all.map((column) => (
          <label key={column}>
            <input
              type="checkbox"
              checked={chosen.has(column)}
              onChange={(event) => {
                // Kept in the stream's default order whatever order they were ticked in.
                const next = event.target.checked
                  ? all.filter((each) => chosen.has(each) || each === column)
                  : props.columns.filter((each) => each !== column)
                props.set({ columns: next })
              }}
              data-testid={`export-column-${column}`}
            />{' '}
            <code>{column}</code>
          </label>
        ))}
      </div>
    </fieldset>
  )
}
