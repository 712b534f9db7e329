// The rule form's state, checked with the same schema the core uses, so each field can say what
// is wrong next to it before anything is sent; and a rule's conditions in a few words.
import {
  ruleDraftSchema,
  type AlertRule,
  type RuleConditions,
  type Severity,
} from '../../../../shared/alert-schemas'

/** A condition as the form holds it: text and whether it is negated ("is not"). */
export type ConditionInput = { value: string; isNegated: boolean }

/** What the rule form holds while someone types. */
export type RuleFormState = {
  name: string
  severity: Severity
  isEnabled: boolean
  action: string
  status: '' | 'success' | 'failure'
  actor: ConditionInput
  ip: ConditionInput
  country: ConditionInput
}

/** The fields the form shows a message under. */
export type RuleField = 'name' | 'severity' | 'action' | 'status' | 'actor' | 'ip' | 'country'

const emptyCondition: ConditionInput = { value: '', isNegated: false }

/** A blank form: a new rule, on, of medium severity. */
export const emptyRuleForm: RuleFormState = {
  name: '',
  severity: 'medium',
  isEnabled: true,
  action: '',
  status: '',
  actor: emptyCondition,
  ip: emptyCondition,
  country: emptyCondition,
}

/** The form filled from a stored rule, for editing. */
export function formFromRule(rule: AlertRule): RuleFormState {
  const { conditions } = rule
  return {
    name: rule.name,
    severity: rule.severity,
    isEnabled: rule.isEnabled,
    action: conditions.action,
    status: conditions.status ?? '',
    actor: conditions.actor ?? emptyCondition,
    ip: conditions.ip ?? emptyCondition,
    country: conditions.country ?? emptyCondition,
  }
}

const optional = (input: ConditionInput) =>
  input.value.trim() === '' ? undefined : { value: input.value, isNegated: input.isNegated }

/** The draft the form describes (empty conditions left out), as `alertRules.save` takes it. */
export function draftFromForm(form: RuleFormState) {
  const actor = optional(form.actor)
  const ip = optional(form.ip)
  const country = optional(form.country)
  return {
    name: form.name,
    severity: form.severity,
    isEnabled: form.isEnabled,
    conditions: {
      action: form.action,
      ...(form.status === '' ? {} : { status: form.status }),
      ...(actor === undefined ? {} : { actor }),
      ...(ip === undefined ? {} : { ip }),
      ...(country === undefined ? {} : { country }),
    },
  }
}

const fieldOf = (path: readonly PropertyKey[]): RuleField | undefined => {
  const [first, second] = path
  if (first === 'name' || first === 'severity') return first
  if (first !== 'conditions') return undefined
  return second === 'action' ||
    second === 'status' ||
    second === 'actor' ||
    second === 'ip' ||
    second === 'country'
    ? second
    : undefined
}

/** Each field's problem (the schema's message without its "Field: " lead), if any. */
export function checkRuleForm(form: RuleFormState): Partial<Record<RuleField, string>> {
  const parsed = ruleDraftSchema.safeParse(draftFromForm(form))
  const problems: Partial<Record<RuleField, string>> = {}
  if (parsed.success) return problems
  for (const issue of parsed.error.issues) {
    const field = fieldOf(issue.path)
    if (field !== undefined && problems[field] === undefined)
      problems[field] = issue.message.replace(/^[A-Za-z]+: /, '')
  }
  return problems
}

/** A rule's conditions in a few words: `api_key.created · success · actor is not ana@`. */
export function describeConditions(conditions: RuleConditions): string {
  const parts = [`action ${conditions.action}`]
  if (conditions.status !== undefined) parts.push(`status ${conditions.status}`)
  const add = (name: string, condition: ConditionInput | undefined, word: 'is' | 'in' = 'is') => {
    if (condition === undefined) return
    const relation = condition.isNegated ? (word === 'in' ? 'not in' : 'is not') : word
    parts.push(`${name} ${relation} ${condition.value}`)
  }
  add('actor', conditions.actor)
  add('IP', conditions.ip, conditions.ip?.value.includes('/') === true ? 'in' : 'is')
  add('country', conditions.country)
  return parts.join(' · ')
}
