// Every detection rule, in the order of detectionRuleIds (the Monitoring view's order).
import { detectionRuleIds, type DetectionRuleId } from '../../../shared/findings-schemas'
import type { DetectionRule } from '../rule-types'
import { apiKeyCreationRule } from './api-key-creation'
import { apiKeyNewIpRule, apiUsageSpikeRule } from './api-usage'
import { bulkDeletionRule } from './bulk-deletion'
import { failedLoginSpikeRule } from './failed-logins'
import { impossibleTravelRule } from './impossible-travel'
import { newCountrySignInRule } from './new-country'
import { passwordSprayingRule } from './password-spraying'
import { privilegeEscalationRule } from './privilege-escalation'

const byId: Record<DetectionRuleId, DetectionRule> = {
  'failed-login-spike-user': failedLoginSpikeRule('actor'),
  'failed-login-spike-ip': failedLoginSpikeRule('ip'),
  'password-spraying': passwordSprayingRule,
  'new-country-sign-in': newCountrySignInRule,
  'impossible-travel': impossibleTravelRule,
  'unexpected-api-key-creation': apiKeyCreationRule,
  'privilege-escalation': privilegeEscalationRule,
  'bulk-template-deletion': bulkDeletionRule,
  'api-usage-spike': apiUsageSpikeRule,
  'api-key-new-ip': apiKeyNewIpRule,
}

/** The rules, in display order. */
export const detectionRules: readonly DetectionRule[] = detectionRuleIds.map((id) => byId[id])

/** A rule by its id. */
export const ruleById = (id: DetectionRuleId): DetectionRule => byId[id]
