import { describe, expect, it } from 'vitest'
import { createShutdown, type ShutdownSteps } from './shutdown'

function harness(stopWork: () => Promise<void>) {
  const log: string[] = []
  const due = new Map<number, () => void>()
  let next = 0
  const steps: ShutdownSteps = {
    stopWork: () => {
      log.push('stopWork')
      return stopWork()
    },
    close: () => log.push('close'),
    quit: () => log.push('quit'),
    timeoutMs: 5000,
    timers: {
      set: (run) => {
        next += 1
        due.set(next, run)
        return next
      },
      clear: (handle) => {
        if (typeof handle === 'number') due.delete(handle)
      },
    },
    onProblem: (problem) => log.push(`problem: ${problem}`),
  }
  const fireTimers = () => {
    const runs = [...due.values()]
    due.clear()
    for (const run of runs) run()
  }
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve))
  return { shutdown: createShutdown(steps), log, fireTimers, settle, pendingTimers: () => due.size }
}

describe('clean quit', () => {
  it('holds the first quit until the work stopped, closes once, then quits', async () => {
    let finish: () => void = () => undefined
    const { shutdown, log, settle, pendingTimers } = harness(
      () => new Promise((resolve) => (finish = resolve)),
    )
    expect(shutdown.beforeQuit()).toBe(true)
    await settle()
    expect(log).toEqual(['stopWork'])
    finish()
    await settle()
    expect(log).toEqual(['stopWork', 'close', 'quit'])
    expect(pendingTimers()).toBe(0)
    // The quit it asked for goes through, and the will-quit fallback closes nothing twice.
    expect(shutdown.beforeQuit()).toBe(false)
    shutdown.closeNow()
    expect(log.filter((entry) => entry === 'close')).toHaveLength(1)
  })

  it('does not hang when the work never stops: the bounded wait ends and the cache closes', async () => {
    const { shutdown, log, fireTimers, settle } = harness(() => new Promise(() => undefined))
    expect(shutdown.beforeQuit()).toBe(true)
    // Quitting again while waiting neither stops the work twice nor lets the quit through early.
    expect(shutdown.beforeQuit()).toBe(true)
    await settle()
    expect(log).toEqual(['stopWork'])
    fireTimers()
    await settle()
    expect(log).toEqual([
      'stopWork',
      'problem: The running work did not stop within 5000 ms.',
      'close',
      'quit',
    ])
  })

  it('still closes and quits when stopping the work fails', async () => {
    const { shutdown, log, settle } = harness(() => Promise.reject(new Error('sync store gone')))
    shutdown.beforeQuit()
    await settle()
    expect(log).toEqual(['stopWork', 'problem: sync store gone', 'close', 'quit'])
  })

  it('closes at once when the OS ends the app without a before-quit', () => {
    const { shutdown, log } = harness(() => Promise.resolve())
    shutdown.closeNow()
    shutdown.closeNow()
    expect(log).toEqual(['close'])
    expect(shutdown.beforeQuit()).toBe(false)
  })
})
