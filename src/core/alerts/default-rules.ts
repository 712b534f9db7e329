// The built-in alert rules: the changes the product's own guidance says to watch (a new API key,
// a role change, a member removed). They live in code, so a newer Audit Desk can refine them;
// the cache keeps only whether each is turned on. They are always listed and never deleted.
import type { RuleConditions, Severity } from '../../shared/alert-schemas'

/** A built-in rule's definition. */
export type DefaultRule = {
  id: string
  name: string
  severity: Severity
  conditions: RuleConditions
}

/** Who a built-in rule is shown as written by. */
export const builtInAuthor = 'Audit Desk (built in)'

/** The built-in rules, in the order they are listed. */
export const defaultRules: readonly DefaultRule[] = [
  {
    id: 'builtin.api-key-created',
    name: 'New API key created',
    severity: 'high',
    conditions: { action: 'api_key.created', status: 'success' },
  },
  {
    id: 'builtin.role-changed',
    name: 'Member role changed',
    severity: 'high',
    conditions: { action: 'member.role_changed', status: 'success' },
  },
  {
    id: 'builtin.member-removed',
    name: 'Member removed',
    severity: 'medium',
    conditions: { action: 'member.removed', status: 'success' },
  },
]

/** Whether `id` names a built-in rule. */
export const isDefaultRuleId = (id: string): boolean => defaultRules.some((rule) => rule.id === id)
