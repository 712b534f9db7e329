// Redaction profiles of audit packs (issue 7, item 3), applied to each event before any file is
// written, to its typed columns and its raw JSON alike so every format says the same thing.
// none: unchanged. pseudonymised: every e-mail and IP address in any string of the event (its
// metadata included) replaced by a keyed pseudonym. minimal: pseudonymised, and the user agent
// and metadata dropped.
import type { RedactionProfile } from '../../shared/export-schemas'
import type { Stream } from '../../shared/filter'
import { CoreError } from '../errors'
import type { EventRow } from '../query/event-query'
import { createPseudonymiser } from './pseudonyms'

/** A redaction: transforms rows and counts what it changed (names as the manifest lists them). */
export type Redaction = {
  apply(row: EventRow): EventRow
  counts(): Record<string, number>
}

/** The redaction of `profile` for `stream`; pseudonymising profiles need the engagement's key. */
export function createRedaction(
  profile: RedactionProfile,
  stream: Stream,
  key: Buffer | null,
): Redaction {
  if (profile === 'none') return { apply: (row) => row, counts: () => ({}) }
  if (key === null) {
    throw new CoreError('invalid_input', `The ${profile} redaction needs an engagement key.`)
  }
  const pseudonyms = createPseudonymiser(key)
  const dropped = { userAgents: 0, metadata: 0 }
  const isMinimal = profile === 'minimal'
  const apply = (row: EventRow): EventRow => {
    const parsed: unknown = JSON.parse(row.raw)
    if (isMinimal && isRecord(parsed)) {
      if (parsed.user_agent !== undefined && parsed.user_agent !== null) dropped.userAgents += 1
      if (stream === 'audit-events' && parsed.metadata !== undefined) dropped.metadata += 1
      delete parsed.user_agent
      if (stream === 'audit-events') delete parsed.metadata
    }
    const raw = JSON.stringify(scrub(parsed, (text) => pseudonyms.text(text)))
    const columns: Record<string, unknown> = Object.create(null) as Record<string, unknown>
    for (const [name, value] of Object.entries(row.columns)) {
      // The typed columns repeat values of the raw JSON: replaced the same way, counted once.
      columns[name] = typeof value === 'string' ? pseudonyms.text(value, false) : value
    }
    if (isMinimal) columns.user_agent = null
    return { ...row, raw, columns }
  }
  return {
    apply,
    counts: () => {
      const made = pseudonyms.counts()
      return {
        emails_pseudonymised: made.emails,
        ips_pseudonymised: made.ips,
        ...(isMinimal
          ? { user_agents_dropped: dropped.userAgents, metadata_dropped: dropped.metadata }
          : {}),
      }
    },
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `value` with `text` applied to every string in it, object keys included. */
function scrub(value: unknown, text: (value: string) => string): unknown {
  if (typeof value === 'string') return text(value)
  if (Array.isArray(value)) return value.map((item) => scrub(item, text))
  if (isRecord(value)) {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>
    for (const [name, item] of Object.entries(value)) out[text(name)] = scrub(item, text)
    return out
  }
  return value
}

/** Pseudonymises every string (and key) of JSON values: the findings, annotations, activity log
 * and filter a pack carries. Identity under the none profile; counts as `createRedaction`. */
export function createValueRedaction(
  profile: RedactionProfile,
  key: Buffer | null,
): { scrub: <T>(value: T) => T; counts(): Record<string, number> } {
  if (profile === 'none' || key === null) return { scrub: (value) => value, counts: () => ({}) }
  const pseudonyms = createPseudonymiser(key)
  return {
    // scrub keeps the value's JSON shape: strings stay strings, arrays arrays, objects objects.
    scrub: <T>(value: T): T => scrub(value, (text) => pseudonyms.text(text)) as T,
    counts: () => {
      const made = pseudonyms.counts()
      return { emails_pseudonymised: made.emails, ips_pseudonymised: made.ips }
    },
  }
}
