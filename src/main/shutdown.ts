// A clean quit (issue 8, item 3), as a pure state machine Node tests cover: the first quit is
// held while the core cancels its work (bounded, so a stuck sync never hangs the quit), then the
// cache closes exactly once and the quit goes ahead.
import type { Timers } from './window-state'

/** What a quit does, in order. */
export interface ShutdownSteps {
  /** Cancels syncs and exports; resolves once they recorded their end. */
  stopWork: () => Promise<void>
  /** Releases IPC and closes the cache. Called once. */
  close: () => void
  /** Asks the app to quit again once the work is stopped. */
  quit: () => void
  /** How long a quit waits for the work to stop before closing anyway. */
  timeoutMs: number
  timers: Timers
  /** Told when the wait ran out or stopping failed (the quit goes on). */
  onProblem: (problem: string) => void
}

/** The quit sequence: `beforeQuit` answers whether this quit must be held back for now. */
export function createShutdown(steps: ShutdownSteps): {
  beforeQuit: () => boolean
  closeNow: () => void
} {
  let state: 'running' | 'stopping' | 'closed' = 'running'
  const closeNow = () => {
    if (state === 'closed') return
    state = 'closed'
    steps.close()
  }
  const stopBounded = async () => {
    let handle: unknown
    const timedOut = new Promise<'timeout'>((resolve) => {
      handle = steps.timers.set(() => {
        resolve('timeout')
      }, steps.timeoutMs)
    })
    try {
      const outcome = await Promise.race([
        steps.stopWork().then(() => 'stopped' as const),
        timedOut,
      ])
      if (outcome === 'timeout')
        steps.onProblem(`The running work did not stop within ${String(steps.timeoutMs)} ms.`)
    } catch (error) {
      steps.onProblem(error instanceof Error ? error.message : 'Stopping the work failed.')
    } finally {
      steps.timers.clear(handle)
    }
  }
  return {
    beforeQuit: () => {
      if (state === 'closed') return false
      // A second quit while stopping waits for the same bounded stop.
      if (state === 'stopping') return true
      state = 'stopping'
      void stopBounded().then(() => {
        closeNow()
        steps.quit()
      })
      return true
    },
    closeNow,
  }
}
