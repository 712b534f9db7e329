import { useId, useMemo } from 'react'
import { localTimeZone } from '../../components/log/time-format'
import type { TimeMode } from '../../components/log/types'
import { useStoredChoice } from '../log/use-stored-choice'

/** Where the log views keep their UTC/local choice; Settings sets the same one. */
const timeModeKey = 'audit-desk.time-mode'

/** The log views' default time zone: UTC or this computer's. Stored in this browser profile. */
export function TimeZoneSetting() {
  const [mode, setMode] = useStoredChoice<TimeMode>(timeModeKey, 'utc', ['utc', 'local'])
  const zone = useMemo(() => localTimeZone(), [])
  const name = useId()
  const options = [
    { value: 'utc', label: 'UTC', detail: 'the zone of the logs themselves' },
    { value: 'local', label: `Local (${zone})`, detail: 'this computer’s zone' },
  ] as const
  return (
    <fieldset className="settings-choice" data-testid="settings-time-mode">
      <legend>Show log times in</legend>
      {options.map((option) => (
        <label key={option.value}>
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={mode === option.value}
            onChange={() => {
              setMode(option.value)
            }}
            data-testid={`settings-time-mode-${option.value}`}
          />{' '}
          {option.label} <span className="muted">— {option.detail}</span>
        </label>
      ))}
      <p className="muted">
        The audit log and API requests open in this zone; each can still switch. Saved at once.
      </p>
    </fieldset>
  )
}
