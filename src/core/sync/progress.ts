/** A rate and remaining-time estimate of a running sync. */
export type ProgressEstimate = { eventsPerSecond: number; estimatedRemainingMs: number | null }

/**
 * Estimates speed and time remaining from how far the newest stored event's recorded_at has come
 * between the oldest available instant and the server time at the start of the run.
 */
export function createProgressMeter(clock: () => number, serverTime: number | undefined) {
  const started = clock()
  let events = 0
  return {
    update(
      newEvents: number,
      lastRecordedAt: number | undefined,
      oldestAvailableAt: number,
    ): ProgressEstimate {
      events += newEvents
      const elapsedMs = Math.max(1, clock() - started)
      const eventsPerSecond = Math.round((events / elapsedMs) * 1000 * 10) / 10
      if (
        serverTime === undefined ||
        lastRecordedAt === undefined ||
        serverTime <= oldestAvailableAt
      ) {
        return { eventsPerSecond, estimatedRemainingMs: null }
      }
      const done = Math.min(
        1,
        Math.max(0, (lastRecordedAt - oldestAvailableAt) / (serverTime - oldestAvailableAt)),
      )
      if (done <= 0) return { eventsPerSecond, estimatedRemainingMs: null }
      return { eventsPerSecond, estimatedRemainingMs: Math.round((elapsedMs * (1 - done)) / done) }
    },
  }
}
