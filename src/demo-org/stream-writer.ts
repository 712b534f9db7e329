// Assigns seqs in recording order and writes records in chunks, holding only records that are
// not yet due (recorded after the current chunk's end) in memory.
import type { Pending } from './records'
import type { StoredRecord, StreamStore } from './store'
import { dayOf } from './time'

const byRecordedAt = (left: Pending, right: Pending): number =>
  left.recordedAt - right.recordedAt || left.occurredAt - right.occurredAt

/** Buffers one stream's records and appends them to the store in `recorded_at` order. */
export class StreamWriter {
  private pending: Pending[] = []

  /** Writes into `store`; `onWrite` hears the UTC days (of `occurred_at`) that gained records. */
  constructor(
    private readonly store: StreamStore,
    private readonly onWrite?: (days: ReadonlySet<number>) => void,
  ) {}

  /** Queues a record. */
  add(record: Pending): void {
    this.pending.push(record)
  }

  /** Stores every queued record recorded before `limit`. The caller promises that records queued
   * later are recorded at or after `limit`, so seq order equals recording order. */
  flushBefore(limit: number): number {
    this.pending.sort(byRecordedAt)
    let due = 0
    for (const record of this.pending) {
      if (record.recordedAt >= limit) break
      due += 1
    }
    const batch = this.pending.slice(0, due)
    this.pending = this.pending.slice(due)
    return this.write(batch)
  }

  /** Stores every queued record. */
  flushAll(): number {
    return this.flushBefore(Infinity)
  }

  private write(batch: readonly Pending[]): number {
    if (batch.length === 0) return 0
    let seq = this.store.maxSeq
    const days = new Set<number>()
    const rows: StoredRecord[] = batch.map((record) => {
      seq += 1
      record.body.seq = seq
      const day = dayOf(record.occurredAt)
      days.add(day)
      // The body's keys are in canonical order already, so this is its RFC 8785 text.
      return {
        seq,
        id: record.id,
        day,
        recordedAt: record.recordedAt,
        json: JSON.stringify(record.body),
      }
    })
    this.store.append(rows)
    this.onWrite?.(days)
    return rows.length
  }
}
