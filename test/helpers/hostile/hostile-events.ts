// Raw event texts for hostile-input tests: valid events as JSON text, and textual edits that no
// JavaScript object literal can express (a `__proto__` key, integers beyond 2^53, raw bytes).
import { auditEventJson, requestLogJson } from '../../../src/core/sync/test-events'

/** A valid audit event as JSON text. */
export const auditText = (seq: number, overrides: Record<string, unknown> = {}): string =>
  JSON.stringify(auditEventJson(seq, overrides))

/** A valid request log entry as JSON text. */
export const requestText = (seq: number, overrides: Record<string, unknown> = {}): string =>
  JSON.stringify(requestLogJson(seq, overrides))

/** Replaces exactly one occurrence of `search` in `text`, or throws (a test typo, not a result). */
export function replaceOnce(text: string, search: string, replacement: string): string {
  const at = text.indexOf(search)
  if (at === -1 || text.includes(search, at + 1))
    throw new Error(`expected exactly one ${search} in the event text`)
  return `${text.slice(0, at)}${replacement}${text.slice(at + search.length)}`
}

/** The pollution probe every `__proto__` key carries. */
export const pollutionProbe = '{"polluted":"yes"}'

/** An audit event with `__proto__` keys at the top level, in `actor` and in `metadata`. */
export function auditTextWithProtoKeys(seq: number): string {
  const text = auditText(seq)
  const top = `{"__proto__":${pollutionProbe},${text.slice(1)}`
  const inActor = replaceOnce(top, '"actor":{', `"actor":{"__proto__":${pollutionProbe},`)
  return replaceOnce(inActor, '"metadata":{}', `"metadata":{"__proto__":${pollutionProbe}}`)
}

/** 2^53 + 1: not representable as a double, so JSON.parse silently turns it into 2^53. */
export const beyondSafeInteger = '9007199254740993'

/** An audit event whose `id` is the JSON number 2^53 + 1 instead of a string. */
export const auditTextWithNumericId = (seq: number): string =>
  replaceOnce(
    auditText(seq),
    `"id":"evt_${String(seq).padStart(6, '0')}"`,
    `"id":${beyondSafeInteger}`,
  )

/** An audit event whose metadata holds the JSON number 2^53 + 1. */
export const auditTextWithHugeNumber = (seq: number): string =>
  replaceOnce(auditText(seq), '"metadata":{}', `"metadata":{"count":${beyondSafeInteger}}`)
