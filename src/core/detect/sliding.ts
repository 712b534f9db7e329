// Sliding windows anchored on events, for the rules that count events of one key (an actor, an
// address) within a window: a burst across any fixed boundary still counts. An event "closes" a
// dense window when enough events of its key lie in the window of `windowMs` ending at it; the
// dense windows that overlap make one stretch. A stretch that ends after the time a run
// evaluates from is read back to its true beginning, so an incremental run equals a full run.
import { dayMs } from './baseline'

/** An event closing a window [occurredAt - windowMs + 1, occurredAt] of its key, with a measure
 * of that window (events, or distinct accounts). */
export type DenseEnd = { key: string; occurredAt: number; inWindow: number }

/** Overlapping dense windows of one key: from the first window's start to the last end, with
 * the largest measure of one window. */
export type Stretch = { key: string; start: number; end: number; most: number }

/** Merges the dense windows of each key (`ends` ordered by key, then time) that overlap. */
export function stretches(ends: readonly DenseEnd[], windowMs: number): Stretch[] {
  const merged: Stretch[] = []
  for (const end of ends) {
    const current = merged.at(-1)
    if (current?.key === end.key && end.occurredAt - windowMs < current.end) {
      current.end = end.occurredAt
      current.most = Math.max(current.most, end.inWindow)
    } else
      merged.push({
        key: end.key,
        start: end.occurredAt - windowMs + 1,
        end: end.occurredAt,
        most: end.inWindow,
      })
  }
  return merged
}

/**
 * The stretches that end at or after `from`, each complete: `read(after)` gives the dense ends
 * counted over events at or after `after` (exact for ends at least a window later). Reads from a
 * day before `from`, and further back while a stretch may begin before what was read.
 */
export function stretchesFrom(
  from: number,
  windowMs: number,
  read: (after: number) => DenseEnd[],
): Stretch[] {
  for (let back = dayMs; ; back *= 4) {
    const after = from - windowMs - back
    const found = stretches(read(after), windowMs).filter((stretch) => stretch.end >= from)
    // A stretch whose first end lies a window past the exact ends cannot reach further back.
    if (found.every((stretch) => stretch.start - 1 >= after + windowMs)) return found
  }
}
