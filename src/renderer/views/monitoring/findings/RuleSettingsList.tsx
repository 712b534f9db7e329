import { useState } from 'react'
import { thresholdProblem, type Thresholds } from '../../../../shared/detection-thresholds'
import { type RuleSettings } from '../../../../shared/findings-schemas'
import { useClient } from '../../../client/ClientContext'
import { formatUtc } from '../../../format'

/**
 * What each rule looks for and its thresholds, editable: a change is checked against the rule's
 * bounds here and by the core, then the detections run again over every event.
 */
export function RuleSettingsList(props: {
  rules: readonly RuleSettings[]
  onSaved: (rules: RuleSettings[]) => void
}) {
  return (
    <details className="finding-rules" data-testid="finding-rules">
      <summary>Rules and thresholds</summary>
      <ul>
        {props.rules.map((rule) => (
          <RuleSettingsItem key={rule.id} rule={rule} onSaved={props.onSaved} />
        ))}
      </ul>
    </details>
  )
}

function RuleSettingsItem(props: { rule: RuleSettings; onSaved: (rules: RuleSettings[]) => void }) {
  const { rule } = props
  const client = useClient()
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      Object.entries(rule.thresholds).map(([name, value]) => [name, String(value)]),
    ),
  )
  const [isEnabled, setEnabled] = useState(rule.isEnabled)
  const [message, setMessage] = useState<{ text: string; isError: boolean } | undefined>()

  const save = async (change: { isReset?: true }) => {
    const thresholds: Thresholds = {}
    for (const field of rule.fields) {
      const value = Number(values[field.name])
      const problem = thresholdProblem(field, value)
      if (problem !== undefined && change.isReset !== true) {
        setMessage({ text: problem, isError: true })
        return
      }
      thresholds[field.name] = value
    }
    const result = await client.call('detections.setSettings', {
      ruleId: rule.id,
      isEnabled,
      ...(change.isReset === true ? { isReset: true } : { thresholds }),
    })
    if (!result.ok) {
      setMessage({ text: result.error.message, isError: true })
      return
    }
    const saved = result.value.rules.find((each) => each.id === rule.id)
    if (saved !== undefined)
      setValues(
        Object.fromEntries(
          Object.entries(saved.thresholds).map(([name, value]) => [name, String(value)]),
        ),
      )
    setMessage({
      text: 'Saved. The detections look at every event again on their next run.',
      isError: false,
    })
    props.onSaved(result.value.rules)
  }

  return (
    <li className="finding-rule-settings" data-testid={`rule-settings-${rule.id}`}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void save({})
        }}
      >
        <h4>
          {rule.title} <span className="muted">v{rule.version}</span>
        </h4>
        <p className="muted">{rule.summary}</p>
        <div className="finding-rule-fields">
          <label>
            <input
              type="checkbox"
              checked={isEnabled}
              onChange={(event) => {
                setEnabled(event.target.checked)
              }}
            />
            Runs
          </label>
          {rule.fields.map((field) => (
            <label key={field.name}>
              {field.label}{' '}
              <input
                type="number"
                min={field.min}
                max={field.max}
                step={field.isWhole ? 1 : 'any'}
                value={values[field.name] ?? ''}
                onChange={(event) => {
                  setValues({ ...values, [field.name]: event.target.value })
                  setMessage(undefined)
                }}
                data-testid={`threshold-${rule.id}-${field.name}`}
              />{' '}
              {field.unit}
            </label>
          ))}
        </div>
        <div className="finding-rule-actions">
          <button type="submit" className="button">
            Save
          </button>
          <button type="button" className="button" onClick={() => void save({ isReset: true })}>
            Defaults
          </button>
          {rule.updatedBy !== null && rule.updatedAt !== null && (
            <span className="muted">
              Changed by {rule.updatedBy} at {formatUtc(rule.updatedAt)}
            </span>
          )}
        </div>
        {message !== undefined && (
          <p className={message.isError ? 'form-error' : 'form-notice'} role="status">
            {message.text}
          </p>
        )}
      </form>
    </li>
  )
}
