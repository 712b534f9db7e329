// Checks a tag or label typed by the reviewer before it is sent (the core checks again).
import { tagSchema } from '../../../shared/filter'

/** The typed text trimmed, or the reason it cannot be a tag or label. */
export function readTag(text: string): { tag: string } | { problem: string } {
  const tag = text.trim()
  if (tag === '') return { problem: 'Type a tag first.' }
  const parsed = tagSchema.safeParse(tag)
  if (parsed.success) return { tag: parsed.data }
  if (tag.length > 64) return { problem: 'At most 64 characters.' }
  return { problem: 'Use visible characters only (no control or invisible characters).' }
}
