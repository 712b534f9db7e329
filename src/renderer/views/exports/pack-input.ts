// The audit pack form's fields and the `packs.start` input they make, or the reason they cannot.
import type { MethodInput } from '../../../shared/contract'
import type { RedactionProfile } from '../../../shared/export-schemas'
import type { Stream } from '../../../shared/filter'
import { parseQuery } from '../../../shared/query-language'

/** What the reviewer filled in on the pack form. */
export type PackFields = {
  connectionId: string
  from: string
  to: string
  streams: Stream[]
  query: string
  redaction: RedactionProfile
  engagement: string
}

/** The redaction profiles, each in one line. */
export const redactionChoices: readonly {
  value: RedactionProfile
  label: string
  detail: string
}[] = [
  { value: 'none', label: 'None', detail: 'every field as the server sent it' },
  {
    value: 'pseudonymised',
    label: 'Pseudonymised',
    detail:
      'emails and IP addresses replaced by keyed hashes, the same within one engagement; the key stays on this computer',
  },
  {
    value: 'minimal',
    label: 'Minimal',
    detail: 'pseudonymised, and user agents and event metadata left out',
  },
]

const datePattern = /^\d{4}-\d{2}-\d{2}$/

/** The start input of the pack, or the problems that stop it (each naming the field and fix). */
export function packInput(
  fields: PackFields,
): { input: MethodInput<'packs.start'> } | { problems: string[] } {
  const problems: string[] = []
  if (fields.connectionId === '') problems.push('Choose the organization to pack.')
  if (!datePattern.test(fields.from) || !datePattern.test(fields.to))
    problems.push('Give the period as two dates, YYYY-MM-DD (UTC).')
  else if (fields.from > fields.to) problems.push('The period ends before it starts.')
  if (fields.streams.length === 0) problems.push('Choose at least one log to include.')
  const onlyStream = fields.streams.length === 1 ? fields.streams[0] : undefined
  const parsed = parseQuery(fields.query, onlyStream)
  for (const error of parsed.errors) problems.push(`Filter: ${error.message}`)
  if (parsed.filter.from !== undefined || parsed.filter.to !== undefined)
    problems.push(
      'Filter: the period sets the time range; remove the time qualifiers from the filter.',
    )
  const engagement = fields.engagement.trim()
  const isPseudonymised = fields.redaction !== 'none'
  if (isPseudonymised && engagement === '')
    problems.push('Name the engagement: pseudonyms stay the same within one engagement.')
  if (problems.length > 0) return { problems }
  return {
    input: {
      connectionId: fields.connectionId,
      from: fields.from,
      to: fields.to,
      streams: fields.streams,
      filter: parsed.filter,
      redaction: fields.redaction,
      ...(isPseudonymised ? { engagement } : {}),
    },
  }
}
