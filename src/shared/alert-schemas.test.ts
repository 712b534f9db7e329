import { describe, expect, it } from 'vitest'
import { hostileStrings } from '../../test/helpers/hostile/hostile-strings'
import { ipConditionProblem, isCountryCode, ruleDraftSchema } from './alert-schemas'

const base = { name: 'Owner role granted', severity: 'high', conditions: { action: 'member.*' } }

/** The first message zod gives for a draft, or undefined when it is valid. */
function problem(draft: unknown): string | undefined {
  const parsed = ruleDraftSchema.safeParse(draft)
  return parsed.success ? undefined : parsed.error.issues[0]?.message
}

const withConditions = (conditions: Record<string, unknown>) => ({
  ...base,
  conditions: { action: 'user.signed_in', ...conditions },
})

describe('alert rule drafts', () => {
  it('accept an exact action or a prefix, and normalise country and spacing', () => {
    const parsed = ruleDraftSchema.parse({
      name: '  Sign-ins from Russia ',
      severity: 'medium',
      conditions: {
        action: ' user.signed_in ',
        country: { value: 'ru' },
        ip: { value: '203.0.113.0/24', isNegated: true },
        actor: { value: 'ana@' },
        status: 'success',
      },
    })
    expect(parsed).toEqual({
      name: 'Sign-ins from Russia',
      severity: 'medium',
      isEnabled: true,
      conditions: {
        action: 'user.signed_in',
        country: { value: 'RU', isNegated: false },
        ip: { value: '203.0.113.0/24', isNegated: true },
        actor: { value: 'ana@', isNegated: false },
        status: 'success',
      },
    })
    expect(problem({ ...base, conditions: { action: 'template.*' } })).toBeUndefined()
    expect(problem({ ...base, conditions: { action: 'api_key.created' } })).toBeUndefined()
  })

  it('refuse hostile action patterns with a message naming the field and the fix', () => {
    for (const action of [
      '*',
      '%',
      'template*',
      'template.**',
      '*.created',
      'a.*.b',
      'user.signed_in; DROP TABLE alerts',
      "x' OR 1=1 --",
      '.created',
      'template.',
      'a'.repeat(10_000),
      'user.signed_in\u0000',
      'user\u202e.in',
    ]) {
      const message = problem({ ...base, conditions: { action } })
      expect(message, action.slice(0, 40)).toMatch(/^Action: /)
    }
    expect(problem({ ...base, conditions: { action: '' } })).toMatch(/^Action: enter an action/)
    expect(problem({ ...base, conditions: { action: 'a'.repeat(129) } })).toMatch(
      /^Action: at most 128 characters/,
    )
  })

  it('refuse every hostile log string as an action; keep it as a name only when visible', () => {
    for (const text of Object.values(hostileStrings))
      expect(problem({ ...base, conditions: { action: text } }), text).toMatch(/^Action: /)
    // Names are the reviewer's own text, shown as text: markup stays, invisible characters go.
    expect(problem({ ...base, name: hostileStrings.html })).toBeUndefined()
    expect(problem({ ...base, name: hostileStrings.formula })).toBeUndefined()
    expect(problem({ ...base, name: hostileStrings.control })).toMatch(/^Name: remove the control/)
    expect(problem({ ...base, name: hostileStrings.bidi })).toMatch(/^Name: remove the control/)
  })

  it('refuse an invalid IP or CIDR block, saying what a valid one looks like', () => {
    expect(problem(withConditions({ ip: { value: '203.0.113.256' } }))).toMatch(
      /^IP: enter an IPv4 or IPv6 address or a CIDR block, such as 203\.0\.113\.7/,
    )
    expect(problem(withConditions({ ip: { value: '203.0.113.0/33' } }))).toMatch(
      /^IP: not a CIDR block/,
    )
    expect(problem(withConditions({ ip: { value: '0.0.0.0/0' } }))).toMatch(/matches every address/)
    expect(problem(withConditions({ ip: { value: '203.0.113.7/24' } }))).toBe(
      'IP: the block has host bits set; did you mean 203.0.113.0/24?',
    )
    expect(ipConditionProblem('2001:db8::1/32')).toBe(
      'IP: the block has host bits set; did you mean 2001:db8:0:0:0:0:0:0/32?',
    )
    expect(ipConditionProblem('2001:db8::/32')).toBeUndefined()
    expect(ipConditionProblem('::ffff:203.0.113.7')).toBeUndefined()
    expect(problem(withConditions({ ip: { value: '1'.repeat(70) } }))).toMatch(
      /^IP: at most 64 characters/,
    )
  })

  it('refuse a country that is not an ISO 3166-1 code', () => {
    for (const value of ['ZZ', 'EU', 'R', 'RUS', '12', 'r\u0000'])
      expect(problem(withConditions({ country: { value } })), value).toMatch(
        /^Country: a two-letter ISO 3166-1 code/,
      )
    expect(isCountryCode('DE')).toBe(true)
    expect(isCountryCode('XK')).toBe(true)
    expect(isCountryCode('UK')).toBe(false)
  })

  it('refuse invisible actors, blank names, unknown fields and other statuses', () => {
    expect(problem(withConditions({ actor: { value: 'ana\u200b@' } }))).toMatch(
      /^Actor: remove the control or invisible characters/,
    )
    expect(problem(withConditions({ actor: { value: 'a'.repeat(321) } }))).toMatch(
      /^Actor: at most 320/,
    )
    expect(problem({ ...base, name: '   ' })).toMatch(/^Name: give the rule a name/)
    expect(problem(withConditions({ status: 'pending' }))).toBe('Status: success or failure')
    expect(problem(withConditions({ sql: '1=1' }))).toBeDefined()
    expect(problem({ ...base, severity: 'critical' })).toBeDefined()
  })
})
