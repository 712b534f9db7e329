import { describe, expect, it } from 'vitest'
import { formatQuery, parseQuery } from '../../../shared/query-language'
import { selectedValues, toggleValue } from './facet-filter'

describe('facet toggles', () => {
  it('selects several actions and categories, one of a single-valued field', () => {
    let filter = toggleValue({}, 'action', 'user.signed_in')
    expect(filter).toEqual({ action: 'user.signed_in' })
    filter = toggleValue(filter, 'action', 'user.signed_out')
    expect(filter).toEqual({ actions: ['user.signed_in', 'user.signed_out'] })
    filter = toggleValue(filter, 'category', 'authentication')
    filter = toggleValue(filter, 'status', 'failure')
    expect(selectedValues(filter, 'status')).toEqual(['failure'])
    filter = toggleValue(filter, 'status', 'failure')
    expect(filter.status).toBeUndefined()
    filter = toggleValue(filter, 'action', 'user.signed_in')
    expect(filter).toEqual({ action: 'user.signed_out', categories: ['authentication'] })
    // Every step stays expressible in the query bar.
    expect(parseQuery(formatQuery(filter), 'audit-events')).toEqual({ filter, errors: [] })
  })

  it('leaves the other fields alone', () => {
    const filter = { actor: 'ana@', from: 1000 }
    expect(toggleValue(filter, 'category', 'templates')).toEqual({
      actor: 'ana@',
      from: 1000,
      categories: ['templates'],
    })
    expect(toggleValue(filter, 'method', 'GET')).toBe(filter)
  })
})
