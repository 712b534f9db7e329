import { useId, type ReactNode } from 'react'
import type { ConditionInput, RuleField } from './rule-form'

/** A labelled field with an optional hint and its problem, wired for assistive technology. */
export function Field(props: {
  label: string
  field: RuleField
  problem: string | undefined
  hint?: string
  children: (describedBy: string) => ReactNode
}) {
  const id = useId()
  const hintId = `${id}-hint`
  const problemId = `${id}-problem`
  const describedBy = [
    props.hint === undefined ? '' : hintId,
    props.problem === undefined ? '' : problemId,
  ]
    .filter((part) => part !== '')
    .join(' ')
  return (
    <div className="rule-field" data-field={props.field}>
      <label>
        <span className="rule-label">{props.label}</span>
        {props.children(describedBy)}
      </label>
      {props.hint !== undefined && (
        <span id={hintId} className="rule-hint muted">
          {props.hint}
        </span>
      )}
      {props.problem !== undefined && (
        <span id={problemId} className="rule-problem" data-testid={`rule-problem-${props.field}`}>
          {props.problem}
        </span>
      )}
    </div>
  )
}

/** An optional condition: "is" or "is not", and its value (left empty: no condition). */
export function Condition(props: {
  label: string
  field: RuleField
  hint: string
  value: ConditionInput
  onChange: (value: ConditionInput) => void
  onBlur: () => void
  problem: string | undefined
}) {
  const { value, onChange } = props
  return (
    <Field label={props.label} field={props.field} problem={props.problem} hint={props.hint}>
      {(describedBy) => (
        <span className="rule-condition">
          <select
            value={value.isNegated ? 'not' : 'is'}
            onChange={(event) => {
              onChange({ ...value, isNegated: event.target.value === 'not' })
            }}
            aria-label={`${props.label}: is or is not`}
            data-testid={`rule-${props.field}-negated`}
          >
            <option value="is">is</option>
            <option value="not">is not</option>
          </select>
          <input
            value={value.value}
            maxLength={400}
            onChange={(event) => {
              onChange({ ...value, value: event.target.value })
            }}
            onBlur={props.onBlur}
            aria-invalid={props.problem !== undefined}
            aria-describedby={describedBy}
            placeholder="any"
            data-testid={`rule-${props.field}`}
          />
        </span>
      )}
    </Field>
  )
}
