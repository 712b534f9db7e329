// A filter in a few human words, for filter chips and export manifests: `actor ana@, action
// template.* or user.*, not status success, from 2026-11-01`. Values are shown as given (cut
// short when long); the query text (query-language.ts) stays the exact form.
import type { EventFilter, NegatedFilter } from './filter'

const maxValueLength = 60

const show = (value: string): string =>
  value.length > maxValueLength ? `${value.slice(0, maxValueLength)}…` : value

const anyOf = (values: readonly string[]): string => values.map(show).join(' or ')

/** 2026-11-01 for a midnight, else 2026-11-20 10:00:00Z style (seconds and ms when present). */
function showInstant(epochMs: number): string {
  const iso = new Date(epochMs).toISOString()
  if (epochMs % 86_400_000 === 0) return iso.slice(0, 10)
  const time = epochMs % 1000 === 0 ? iso.slice(11, 19) : iso.slice(11, 23)
  return `${iso.slice(0, 10)} ${time}Z`
}

function commonParts(filter: EventFilter | NegatedFilter): string[] {
  const parts: string[] = []
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined) parts.push(`${label} ${show(value)}`)
  }
  add('actor', filter.actor)
  add('action', filter.action)
  if (filter.actions !== undefined) parts.push(`action ${anyOf(filter.actions)}`)
  if (filter.categories !== undefined) parts.push(`category ${anyOf(filter.categories)}`)
  add('resource type', filter.resourceType)
  if ('resourceId' in filter) add('resource', filter.resourceId)
  add('API key', filter.apiKey)
  add('endpoint', filter.endpoint)
  add('status', filter.status)
  add('IP', filter.ip)
  add('country', filter.country)
  if (filter.tags !== undefined) parts.push(`tag ${anyOf(filter.tags)}`)
  add('label', filter.label)
  return parts
}

/** The filter as short phrases, one per condition, in the query bar's order. */
export function describeFilterParts(filter: EventFilter): string[] {
  const parts = commonParts(filter)
  if (filter.minDurationMs !== undefined)
    parts.push(`slower than ${String(filter.minDurationMs)} ms`)
  if (filter.from !== undefined) parts.push(`from ${showInstant(filter.from)}`)
  if (filter.to !== undefined) parts.push(`before ${showInstant(filter.to)}`)
  if (filter.starred !== undefined) parts.push(filter.starred ? 'starred' : 'not starred')
  if (filter.commented !== undefined)
    parts.push(filter.commented ? 'with comments' : 'without comments')
  if (filter.commentText !== undefined) parts.push(`comment “${show(filter.commentText)}”`)
  if (filter.alert !== undefined) parts.push(`the event of alert ${String(filter.alert)}`)
  if (filter.finding !== undefined) parts.push(`the evidence of finding ${filter.finding}`)
  if (filter.not !== undefined) parts.push(...commonParts(filter.not).map((part) => `not ${part}`))
  if (filter.text !== undefined) parts.push(`words ${show(filter.text)}`)
  for (const phrase of filter.phrase ?? []) parts.push(`phrase “${show(phrase)}”`)
  return parts
}

/** One line summing up the filter; `all events` when it has no condition (connection aside). */
export function describeFilter(filter: EventFilter): string {
  const parts = describeFilterParts(filter)
  return parts.length === 0 ? 'all events' : parts.join(', ')
}
