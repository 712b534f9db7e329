import { useId, useMemo } from 'react'
import { localTimeZone } from './time-format'
import type { Density, TimeMode } from './types'
import './log.css'

/** A small segmented control of radio buttons (arrow keys move between the options). */
function Segmented<T extends string>(props: {
  legend: string
  testId: string
  value: T
  options: readonly { value: T; label: string }[]
  onChange: (value: T) => void
}) {
  const name = useId()
  return (
    <fieldset className="ev-toggle" data-testid={props.testId}>
      <legend className="ev-sr-only">{props.legend}</legend>
      {props.options.map((option) => (
        <label key={option.value} data-testid={`${props.testId}-${option.value}`}>
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={props.value === option.value}
            onChange={() => {
              props.onChange(option.value)
            }}
          />
          <span>{option.label}</span>
        </label>
      ))}
    </fieldset>
  )
}

/** Switches timestamps between UTC and this computer's zone, naming the zone. */
export function TimeModeToggle(props: { value: TimeMode; onChange: (mode: TimeMode) => void }) {
  const zone = useMemo(() => localTimeZone(), [])
  const options = useMemo(
    () =>
      [
        { value: 'utc', label: 'UTC' },
        { value: 'local', label: `Local (${zone})` },
      ] as const,
    [zone],
  )
  return (
    <Segmented
      legend="Time zone"
      testId="time-mode-toggle"
      value={props.value}
      options={options}
      onChange={props.onChange}
    />
  )
}

const densityOptions = [
  { value: 'compact', label: 'Compact' },
  { value: 'comfortable', label: 'Comfortable' },
] as const

/** Switches the table between compact and comfortable rows. */
export function DensityToggle(props: { value: Density; onChange: (density: Density) => void }) {
  return (
    <Segmented
      legend="Row density"
      testId="density-toggle"
      value={props.value}
      options={densityOptions}
      onChange={props.onChange}
    />
  )
}
