// The export dialog's choices and the `exports.start` input they make.
import type { MethodInput } from '../../../shared/contract'
import type { ExportFormat } from '../../../shared/export-schemas'
import type { EventFilter, Stream } from '../../../shared/filter'

/** What the reviewer chose in the export dialog. */
export type ExportChoices = {
  format: ExportFormat
  columns: string[]
  bom: boolean
  hasLocalTime: boolean
  zone: string
  includeAnnotations: boolean
  includeFindings: boolean
}

/** The start input of an export of exactly `filter` (the table's), with the count it showed. */
export function exportInput(
  stream: Stream,
  filter: EventFilter,
  choices: ExportChoices,
  shownCount: number | undefined,
): MethodInput<'exports.start'> {
  const counted = shownCount === undefined ? {} : { shownCount }
  // JSON Lines writes each raw event as received: no columns, local times or added fields.
  if (choices.format === 'jsonl')
    return {
      stream,
      filter,
      format: 'jsonl',
      options: { bom: false, includeAnnotations: false, includeFindings: false },
      ...counted,
    }
  return {
    stream,
    filter,
    format: choices.format,
    options: {
      columns: choices.columns,
      bom: choices.format === 'csv' && choices.bom,
      ...(choices.hasLocalTime ? { localTimeZone: choices.zone } : {}),
      includeAnnotations: choices.includeAnnotations,
      includeFindings: choices.includeFindings,
    },
    ...counted,
  }
}

/** The reason the choices cannot start an export, if there is one. */
export function choicesProblem(choices: ExportChoices): string | undefined {
  if (choices.format !== 'jsonl' && choices.columns.length === 0)
    return 'Choose at least one column.'
  return undefined
}
