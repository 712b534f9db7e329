// If the core thread cannot start at all (its worker file fails to load, say from inside a
// packaged archive on an Electron version that cannot do it), the host runs the core in its own
// thread instead: slower to stay responsive, but a working app rather than a dead one. Once the
// core was built on the thread (it said ready), a later crash is reported, never hidden by a
// switch, and the call it died in is never run again.
import type { Dispatch } from '../dispatcher'
import type { Logger } from '../ports'

/** A core as a host drives it: calls, stop the work, close. */
export type HostedCore = {
  dispatch: Dispatch
  stopWork: () => Promise<void>
  close: () => Promise<void>
}

/**
 * `thread`, or (when it is gone before it ever answered a call) the core `startInProcess` builds;
 * the call that found the thread gone is answered by the fallback.
 */
export function withInProcessFallback(
  thread: HostedCore & { isGone: () => boolean; wasReady: () => boolean },
  startInProcess: () => HostedCore,
  logger: Logger,
): HostedCore {
  let active: HostedCore = thread
  const fallBack = (): HostedCore => {
    if (active === thread) {
      logger.error('the core thread could not start; running the core on the main thread', {})
      active = startInProcess()
    }
    return active
  }
  const canFallBack = () => active === thread && thread.isGone() && !thread.wasReady()
  return {
    dispatch: async (method, input) => {
      if (canFallBack()) return fallBack().dispatch(method, input)
      const result = await active.dispatch(method, input)
      // The thread died before its core existed, so this call never ran: answer it here.
      if (canFallBack()) return fallBack().dispatch(method, input)
      return result
    },
    stopWork: () => active.stopWork(),
    close: () => active.close(),
  }
}
