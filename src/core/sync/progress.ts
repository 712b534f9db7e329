/** A rate and remaining-time estimate of a running sync. */
export type ProgressEstimate = {
  eventsPerSecond: number
  estimatedRemainingMs: number | null
  /** How far the run is from the oldest available event to the server time, 0 to 1. */
  fractionDone: number | null
}

/**
 * Estimates speed, and time remaining from how fast the newest stored event's recorded_at moves
 * from the oldest available instant towards the server time at the start of the run.
 */
export function createProgressMeter(clock: () => number, serverTime: number | undefined) {
  const started = clock()
  let baseline: { done: number; at: number } | undefined
  return {
    /** `totalNewEvents` is the run's total so far. */
    update(
      totalNewEvents: number,
      lastRecordedAt: number | undefined,
      oldestAvailableAt: number,
    ): ProgressEstimate {
      const now = clock()
      const eventsPerSecond =
        Math.round((totalNewEvents / Math.max(1, now - started)) * 10_000) / 10
      if (
        serverTime === undefined ||
        lastRecordedAt === undefined ||
        serverTime <= oldestAvailableAt
      ) {
        return { eventsPerSecond, estimatedRemainingMs: null, fractionDone: null }
      }
      const done = Math.min(
        1,
        Math.max(0, (lastRecordedAt - oldestAvailableAt) / (serverTime - oldestAvailableAt)),
      )
      if (baseline === undefined) {
        // The first page sets the baseline: a resumed run starts part-way through.
        baseline = { done, at: now }
        return { eventsPerSecond, estimatedRemainingMs: null, fractionDone: done }
      }
      const rate = (done - baseline.done) / Math.max(1, now - baseline.at)
      return {
        eventsPerSecond,
        estimatedRemainingMs: rate > 0 ? Math.round((1 - done) / rate) : null,
        fractionDone: done,
      }
    },
  }
}
