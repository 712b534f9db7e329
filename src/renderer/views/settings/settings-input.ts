// Checks what a person typed into Settings before it goes to the core (which checks again), so
// each field can say what is wrong next to it.
import { maxRetentionDays } from '../../../shared/sync-status-schemas'

/** The longest reviewer name, in characters (annotation authors are at most 128). */
export const maxReviewerName = 128

type Checked<T> = { ok: true; value: T } | { ok: false; message: string }

/** A reviewer name: trimmed, 1 to 128 characters, no control or invisible format characters. */
export function checkReviewerName(text: string): Checked<string> {
  const name = text.trim()
  if (name === '') return { ok: false, message: 'Enter a name, or use the system user name.' }
  if (/[\p{Cc}\p{Cf}]/u.test(name))
    return { ok: false, message: 'The name may not contain control or invisible characters.' }
  if (Array.from(name).length > maxReviewerName)
    return { ok: false, message: `The name may be at most ${String(maxReviewerName)} characters.` }
  return { ok: true, value: name }
}

/** Days of local retention: a whole number from 1 to 36,500, digits only. */
export function checkRetentionDays(text: string): Checked<number> {
  const trimmed = text.trim()
  const message = `Enter a whole number of days from 1 to ${maxRetentionDays.toLocaleString('en-US')}.`
  if (!/^\d{1,6}$/.test(trimmed)) return { ok: false, message }
  const days = Number(trimmed)
  return days >= 1 && days <= maxRetentionDays ? { ok: true, value: days } : { ok: false, message }
}

/** An audit period: two YYYY-MM-DD days (as date inputs give them), the first not after the last. */
export function checkAuditPeriod(from: string, to: string): Checked<{ from: string; to: string }> {
  const day = /^\d{4}-\d{2}-\d{2}$/
  if (!day.test(from) || !day.test(to))
    return { ok: false, message: 'Choose the first and the last day of the audit period.' }
  if (from > to) return { ok: false, message: 'The last day must be on or after the first day.' }
  return { ok: true, value: { from, to } }
}
