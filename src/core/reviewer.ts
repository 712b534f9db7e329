// Who is reviewing: the name every annotation and label is stamped with. Hosts give the core the
// OS user name (a port); a `reviewer_name` setting in the cache overrides it.
import os from 'node:os'

/** The longest reviewer name kept, in characters (code points, as the cache's CHECK counts). */
export const maxReviewerNameLength = 128

/** The name used when neither the setting nor the host names anyone. */
export const unknownReviewer = 'unknown'

/** The OS user's name, or undefined when the system cannot tell (no passwd entry, say). */
export function osReviewerName(): string | undefined {
  try {
    return os.userInfo().username
  } catch {
    return undefined
  }
}

/**
 * A name fit to stamp: control and invisible characters removed, spaces collapsed, cut to
 * `maxReviewerNameLength`; undefined when nothing visible is left.
 */
export function cleanReviewerName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined
  const cleaned = name
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
  const cut = Array.from(cleaned).slice(0, maxReviewerNameLength).join('').trim()
  return cut === '' ? undefined : cut
}
