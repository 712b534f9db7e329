import { useState } from 'react'
import type { AlertRule, Severity } from '../../../../shared/alert-schemas'
import { useClient } from '../../../client/ClientContext'
import {
  checkRuleForm,
  draftFromForm,
  emptyRuleForm,
  formFromRule,
  type RuleField,
  type RuleFormState,
} from './rule-form'
import { Condition, Field } from './RuleFormFields'

/**
 * Writes a new rule or edits a user rule. Each field says what is wrong next to it (once touched,
 * or after a save attempt), with the same checks the core makes when it saves.
 */
export function RuleForm(props: {
  rule?: AlertRule
  onSaved: (rule: AlertRule) => void
  onCancel: () => void
}) {
  const client = useClient()
  const [form, setForm] = useState<RuleFormState>(() =>
    props.rule === undefined ? emptyRuleForm : formFromRule(props.rule),
  )
  const [touched, setTouched] = useState<ReadonlySet<RuleField>>(new Set())
  const [hasTried, setTried] = useState(false)
  const [saveError, setSaveError] = useState<string | undefined>()
  const [isSaving, setSaving] = useState(false)
  const problems = checkRuleForm(form)
  const shown = (field: RuleField) => (hasTried || touched.has(field) ? problems[field] : undefined)
  const touch = (field: RuleField) => {
    setTouched((fields) => new Set([...fields, field]))
  }
  const update = (change: Partial<RuleFormState>) => {
    setForm((current) => ({ ...current, ...change }))
  }

  const save = async () => {
    setTried(true)
    setSaveError(undefined)
    if (Object.keys(problems).length > 0) return
    setSaving(true)
    const result = await client.call('alertRules.save', {
      ...(props.rule === undefined ? {} : { id: props.rule.id }),
      rule: draftFromForm(form),
    })
    setSaving(false)
    if (result.ok) props.onSaved(result.value)
    else setSaveError(result.error.message)
  }

  return (
    <form
      className="rule-form"
      data-testid="rule-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        void save()
      }}
    >
      <h3>{props.rule === undefined ? 'New alert rule' : `Edit “${props.rule.name}”`}</h3>
      <p className="muted">
        A rule applies to the audit events syncs bring after it is saved; saving a change never
        re-checks events already checked.
      </p>
      <Field label="Name" field="name" problem={shown('name')}>
        {(describedBy) => (
          <input
            value={form.name}
            maxLength={200}
            onChange={(event) => {
              update({ name: event.target.value })
            }}
            onBlur={() => {
              touch('name')
            }}
            aria-invalid={shown('name') !== undefined}
            aria-describedby={describedBy}
            data-testid="rule-name"
          />
        )}
      </Field>
      <Field label="Severity" field="severity" problem={shown('severity')}>
        {(describedBy) => (
          <select
            value={form.severity}
            onChange={(event) => {
              update({ severity: severityOf(event.target.value) })
            }}
            aria-describedby={describedBy}
            data-testid="rule-severity"
          >
            <option value="high">High</option>
            <option value="medium">Medium</option>
            <option value="low">Low</option>
          </select>
        )}
      </Field>
      <Field
        label="Action"
        field="action"
        problem={shown('action')}
        hint="An action exactly (api_key.created), or every action under a prefix (template.*)."
      >
        {(describedBy) => (
          <input
            value={form.action}
            maxLength={300}
            onChange={(event) => {
              update({ action: event.target.value })
            }}
            onBlur={() => {
              touch('action')
            }}
            aria-invalid={shown('action') !== undefined}
            aria-describedby={describedBy}
            placeholder="api_key.created"
            data-testid="rule-action"
          />
        )}
      </Field>
      <Field label="Status" field="status" problem={shown('status')}>
        {(describedBy) => (
          <select
            value={form.status}
            onChange={(event) => {
              const value = event.target.value
              update({ status: value === 'success' || value === 'failure' ? value : '' })
            }}
            aria-describedby={describedBy}
            data-testid="rule-status"
          >
            <option value="">Any</option>
            <option value="success">Success</option>
            <option value="failure">Failure</option>
          </select>
        )}
      </Field>
      <Condition
        label="Actor"
        field="actor"
        hint="An actor id, or the start of an email or name (ana@)."
        value={form.actor}
        onChange={(actor) => {
          update({ actor })
        }}
        onBlur={() => {
          touch('actor')
        }}
        problem={shown('actor')}
      />
      <Condition
        label="IP"
        field="ip"
        hint="An address (203.0.113.7) or a CIDR block (203.0.113.0/24, 2001:db8::/32)."
        value={form.ip}
        onChange={(ip) => {
          update({ ip })
        }}
        onBlur={() => {
          touch('ip')
        }}
        problem={shown('ip')}
      />
      <Condition
        label="Country"
        field="country"
        hint="Where the IP is, as an ISO 3166-1 code (DE, RU), from the offline IP database."
        value={form.country}
        onChange={(country) => {
          update({ country })
        }}
        onBlur={() => {
          touch('country')
        }}
        problem={shown('country')}
      />
      <label className="rule-enabled">
        <input
          type="checkbox"
          checked={form.isEnabled}
          onChange={(event) => {
            update({ isEnabled: event.target.checked })
          }}
        />{' '}
        Turned on
      </label>
      {saveError !== undefined && (
        <p className="form-error" role="alert" data-testid="rule-save-error">
          {saveError}
        </p>
      )}
      <div className="rule-form-actions">
        {/* Pressing a button would first blur the field being typed in, whose message then
            appears and moves the button away before the click lands: keep the focus instead. */}
        <button
          type="submit"
          className="button primary"
          disabled={isSaving}
          onMouseDown={keepFocus}
          data-testid="rule-save"
        >
          {props.rule === undefined ? 'Add rule' : 'Save rule'}
        </button>
        <button type="button" className="button" onMouseDown={keepFocus} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

const keepFocus = (event: { preventDefault: () => void }) => {
  event.preventDefault()
}

const severityOf = (value: string): Severity =>
  value === 'high' || value === 'low' ? value : 'medium'
