import { describe, expect, it } from 'vitest'
import type { AlertRule } from '../../../../shared/alert-schemas'
import {
  checkRuleForm,
  describeConditions,
  draftFromForm,
  emptyRuleForm,
  formFromRule,
} from './rule-form'

describe('the rule form', () => {
  it('names each field that is wrong, without repeating the field name', () => {
    expect(checkRuleForm(emptyRuleForm)).toEqual({
      name: 'give the rule a name, such as "Owner role granted"',
      action: 'enter an action such as api_key.created, or a prefix such as template.*',
    })
    const problems = checkRuleForm({
      ...emptyRuleForm,
      name: 'Bad',
      action: 'template*',
      ip: { value: '10.0.0.1/8', isNegated: false },
      country: { value: 'ZZ', isNegated: true },
      actor: { value: 'ana\u0007', isNegated: false },
    })
    expect(problems).toEqual({
      action: expect.stringMatching(/^use an action exactly/) as string,
      ip: 'the block has host bits set; did you mean 10.0.0.0/8?',
      country: 'a two-letter ISO 3166-1 code such as DE or RU',
      actor: 'remove the control or invisible characters',
    })
  })

  it('leaves empty conditions out of the draft and keeps the others with their negation', () => {
    const form = {
      ...emptyRuleForm,
      name: 'Keys outside Germany',
      action: 'api_key.*',
      status: 'success' as const,
      country: { value: 'de', isNegated: true },
      actor: { value: '   ', isNegated: true },
    }
    expect(checkRuleForm(form)).toEqual({})
    expect(draftFromForm(form)).toEqual({
      name: 'Keys outside Germany',
      severity: 'medium',
      isEnabled: true,
      conditions: {
        action: 'api_key.*',
        status: 'success',
        country: { value: 'de', isNegated: true },
      },
    })
  })

  it('fills from a stored rule and describes its conditions in words', () => {
    const rule: AlertRule = {
      id: 'rule-1',
      isDefault: false,
      name: 'Odd sign-ins',
      severity: 'high',
      isEnabled: false,
      conditions: {
        action: 'user.signed_in',
        status: 'failure',
        actor: { value: 'ana@', isNegated: true },
        ip: { value: '203.0.113.0/24', isNegated: true },
        country: { value: 'RU', isNegated: false },
      },
      createdBy: 'ana',
      createdAt: 1,
      updatedBy: null,
      updatedAt: null,
    }
    expect(formFromRule(rule)).toMatchObject({
      isEnabled: false,
      status: 'failure',
      ip: { value: '203.0.113.0/24', isNegated: true },
    })
    expect(describeConditions(rule.conditions)).toBe(
      'action user.signed_in · status failure · actor is not ana@ · IP not in 203.0.113.0/24 · country is RU',
    )
    expect(
      describeConditions({ action: 'x', ip: { value: '203.0.113.7', isNegated: false } }),
    ).toBe('action x · IP is 203.0.113.7')
  })
})
