// What clicking a facet value does to the filter: multi-select for actions and categories
// (OR within the list), on/off for single-valued fields.
import type { QueryFilter } from '../../../shared/query-language'

/** The values of `field` the filter currently selects. */
export function selectedValues(filter: QueryFilter, field: string): string[] {
  switch (field) {
    case 'action':
      if (filter.actions !== undefined) return filter.actions
      return filter.action === undefined ? [] : [filter.action]
    case 'category':
      return filter.categories ?? []
    case 'status':
      return filter.status === undefined ? [] : [filter.status]
    case 'actor':
      return filter.actor === undefined ? [] : [filter.actor]
    case 'resource':
      return filter.resourceType === undefined ? [] : [filter.resourceType]
    case 'endpoint':
      return filter.endpoint === undefined ? [] : [filter.endpoint]
    case 'key':
      return filter.apiKey === undefined ? [] : [filter.apiKey]
    default:
      return []
  }
}

/** Whether clicking a value of this field can change the filter. */
export const isSelectable = (field: string): boolean => field !== 'method'

/** The filter with `value` of `field` selected, or unselected when it was. */
export function toggleValue(filter: QueryFilter, field: string, value: string): QueryFilter {
  const current = selectedValues(filter, field)
  const isOn = current.includes(value)
  const next = { ...filter }
  switch (field) {
    case 'action': {
      const chosen = isOn ? current.filter((item) => item !== value) : [...current, value]
      delete next.action
      delete next.actions
      if (chosen.length === 1) next.action = chosen[0] ?? value
      else if (chosen.length > 1) next.actions = chosen
      return next
    }
    case 'category': {
      const chosen = isOn ? current.filter((item) => item !== value) : [...current, value]
      delete next.categories
      if (chosen.length > 0) next.categories = chosen
      return next
    }
    case 'status':
      return single(next, 'status', isOn ? undefined : value)
    case 'actor':
      return single(next, 'actor', isOn ? undefined : value)
    case 'resource':
      return single(next, 'resourceType', isOn ? undefined : value)
    case 'endpoint':
      return single(next, 'endpoint', isOn ? undefined : value)
    case 'key':
      return single(next, 'apiKey', isOn ? undefined : value)
    default:
      return filter
  }
}

type SingleField = 'status' | 'actor' | 'resourceType' | 'endpoint' | 'apiKey'

function single(filter: QueryFilter, key: SingleField, value: string | undefined): QueryFilter {
  const rest = Object.fromEntries(
    Object.entries(filter).filter(([name]) => name !== key),
  ) as QueryFilter // the same filter minus one optional field
  return value === undefined ? rest : { ...rest, [key]: value }
}
