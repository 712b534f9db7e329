// Settings kept in the cache (app_meta), so they travel with it: the reviewer's name that
// annotations are signed with. Local retention keeps its own key (see retention.ts).
import type Database from 'better-sqlite3'
import { CoreError } from '../errors'
import { maxReviewerNameLength } from '../reviewer'

const reviewerNameKey = 'reviewer_name'

/** Visible text: no control characters, not only whitespace. */
const isVisibleText = (text: string): boolean => /^[^\p{Cc}]*\S[^\p{Cc}]*$/u.test(text)

/** Reads and writes the cache's settings. */
export function createSettingsStore(db: Database.Database) {
  const read = db.prepare<[string], { value: string }>('SELECT value FROM app_meta WHERE key = ?')
  const write = db.prepare<[string, string]>(
    'INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  )
  const clear = db.prepare<[string]>('DELETE FROM app_meta WHERE key = ?')
  return {
    /** The reviewer's name, or null when none is set. */
    reviewerName: (): string | null => read.get(reviewerNameKey)?.value ?? null,
    /** Sets the reviewer's name (trimmed, 1 to 128 visible characters) or clears it (null). */
    setReviewerName(name: string | null): void {
      if (name === null) {
        clear.run(reviewerNameKey)
        return
      }
      const trimmed = name.trim()
      if (!isVisibleText(trimmed) || Array.from(trimmed).length > maxReviewerNameLength) {
        throw new CoreError(
          'invalid_input',
          `The reviewer name must be 1 to ${maxReviewerNameLength} visible characters, without control characters.`,
        )
      }
      write.run(reviewerNameKey, trimmed)
    },
  }
}

/** The settings store's interface. */
export type SettingsStore = ReturnType<typeof createSettingsStore>
