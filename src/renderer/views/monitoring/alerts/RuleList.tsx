import { useEffect, useState } from 'react'
import type { AlertRule } from '../../../../shared/alert-schemas'
import { useClient } from '../../../client/ClientContext'
import { formatUtc } from '../../../format'
import { describeConditions } from './rule-form'
import { RuleForm } from './RuleForm'
import { SeverityBadge } from './Severity'

type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; rule: AlertRule }

/** The rules: built-in ones (can be turned off) and the reviewers' own (edit, delete). */
export function RuleList() {
  const client = useClient()
  const [rules, setRules] = useState<AlertRule[] | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [editing, setEditing] = useState<Editing>({ kind: 'none' })
  const [confirming, setConfirming] = useState<string | undefined>()

  // Bumped to read the list again after a change.
  const [loads, setLoads] = useState(0)
  const load = () => {
    setLoads((count) => count + 1)
  }
  useEffect(() => {
    let isCurrent = true
    void client.call('alertRules.list', {}).then((result) => {
      if (!isCurrent) return
      if (result.ok) setRules(result.value.rules)
      else setError(result.error.message)
    })
    return () => {
      isCurrent = false
    }
  }, [client, loads])

  const run = async (call: () => Promise<{ ok: boolean; error?: { message: string } }>) => {
    const result = await call()
    setError(result.ok ? undefined : (result.error?.message ?? 'The change failed.'))
    load()
  }

  return (
    <section
      className="alert-rules"
      aria-labelledby="alert-rules-heading"
      data-testid="alert-rules"
    >
      <div className="alert-rules-head">
        <h2 id="alert-rules-heading">Rules</h2>
        {editing.kind === 'none' && (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setEditing({ kind: 'new' })
            }}
            data-testid="rule-new"
          >
            New rule
          </button>
        )}
      </div>
      <p className="muted">
        Every sync checks the audit events it brings against the rules that are on. Rules apply to
        events synced after they are saved, turned on or changed: events already checked are never
        checked again.
      </p>
      {error !== undefined && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {editing.kind !== 'none' && (
        <RuleForm
          {...(editing.kind === 'edit' ? { rule: editing.rule } : {})}
          onSaved={() => {
            setEditing({ kind: 'none' })
            load()
          }}
          onCancel={() => {
            setEditing({ kind: 'none' })
          }}
        />
      )}
      <ul className="rule-list">
        {(rules ?? []).map((rule) => (
          <li
            key={rule.id}
            className={rule.isEnabled ? 'rule-item' : 'rule-item is-off'}
            data-testid="rule-item"
            data-rule-id={rule.id}
          >
            <label className="rule-toggle">
              <input
                type="checkbox"
                checked={rule.isEnabled}
                onChange={(event) => {
                  const isEnabled = event.target.checked
                  void run(() => client.call('alertRules.setEnabled', { id: rule.id, isEnabled }))
                }}
                data-testid="rule-enabled"
              />
              <span className="sr-only">
                {rule.isEnabled ? 'On' : 'Off'}: {rule.name}
              </span>
              <span aria-hidden="true">{rule.isEnabled ? 'On' : 'Off'}</span>
            </label>
            <SeverityBadge severity={rule.severity} />
            <div className="rule-main">
              <div className="rule-name">
                {rule.name}
                {rule.isDefault && <span className="tag">built in</span>}
              </div>
              <div className="rule-conditions">{describeConditions(rule.conditions)}</div>
              <div className="rule-stamp muted">
                {rule.createdAt === null
                  ? rule.createdBy
                  : `Written by ${rule.createdBy}, ${formatUtc(rule.createdAt)}`}
                {rule.updatedAt !== null &&
                  rule.updatedBy !== null &&
                  ` · changed by ${rule.updatedBy}, ${formatUtc(rule.updatedAt)}`}
              </div>
            </div>
            {!rule.isDefault && (
              <div className="rule-actions">
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setEditing({ kind: 'edit', rule })
                  }}
                  data-testid="rule-edit"
                >
                  Edit
                </button>
                {confirming === rule.id ? (
                  <>
                    <button
                      type="button"
                      className="button danger"
                      onClick={() => {
                        setConfirming(undefined)
                        void run(() => client.call('alertRules.delete', { id: rule.id }))
                      }}
                      data-testid="rule-delete-confirm"
                    >
                      Delete (its alerts stay)
                    </button>
                    <button
                      type="button"
                      className="button"
                      onClick={() => {
                        setConfirming(undefined)
                      }}
                    >
                      Keep
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    className="button"
                    onClick={() => {
                      setConfirming(rule.id)
                    }}
                    data-testid="rule-delete"
                  >
                    Delete
                  </button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
