import { describe, expect, it } from 'vitest'
import { packInput, type PackFields } from './pack-input'

const fields: PackFields = {
  connectionId: 'c1',
  from: '2026-10-01',
  to: '2026-10-31',
  streams: ['audit-events', 'request-logs'],
  query: '',
  redaction: 'none',
  engagement: '',
}

describe('packInput', () => {
  it('packs the period and streams with the parsed filter', () => {
    const made = packInput({ ...fields, query: 'action:user.signed_in status:failure' })
    expect(made).toEqual({
      input: {
        connectionId: 'c1',
        from: '2026-10-01',
        to: '2026-10-31',
        streams: ['audit-events', 'request-logs'],
        filter: { action: 'user.signed_in', status: 'failure' },
        redaction: 'none',
      },
    })
  })

  it('names the engagement of a pseudonymised or minimal pack, and asks for one', () => {
    const minimal = packInput({ ...fields, redaction: 'minimal', engagement: 'Q4' })
    expect('input' in minimal && minimal.input.engagement).toBe('Q4')
    const made = packInput({ ...fields, redaction: 'pseudonymised', engagement: ' Q4 audit ' })
    expect('input' in made && made.input.engagement).toBe('Q4 audit')
    expect(packInput({ ...fields, redaction: 'pseudonymised' })).toEqual({
      problems: ['Name the engagement: pseudonyms stay the same within one engagement.'],
    })
  })

  it('refuses a reversed period, no streams and a bad filter, saying each', () => {
    const made = packInput({
      ...fields,
      from: '2026-11-01',
      streams: [],
      query: 'colour:red',
    })
    expect('problems' in made && made.problems.length).toBe(3)
    expect('problems' in made && made.problems[0]).toBe('The period ends before it starts.')
    expect('problems' in made && made.problems[2]).toMatch(/^Filter: /)
  })

  it('checks the filter against the one stream chosen', () => {
    const made = packInput({ ...fields, streams: ['request-logs'], query: 'category:auth' })
    expect('problems' in made && made.problems[0]).toMatch(/^Filter: /)
  })

  it('leaves the time range to the period', () => {
    const made = packInput({ ...fields, query: 'from:2026-10-02' })
    expect(made).toEqual({
      problems: [
        'Filter: the period sets the time range; remove the time qualifiers from the filter.',
      ],
    })
  })
})
