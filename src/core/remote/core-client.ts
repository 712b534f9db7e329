// The host side of the core thread (issue 8, item 4): starts the worker, relays invokes and
// answers its port-calls with the host's real ports. The host thread only passes messages, so
// heavy work on the core never blocks it. If the worker dies, every waiting call resolves to a
// clear error and later calls say the core stopped.
import { Worker } from 'node:worker_threads'
import type { CoreEvent } from '../../shared/contract'
import { fail, type Result } from '../../shared/result'
import type { Dispatch } from '../dispatcher'
import type { CorePorts, Logger } from '../ports'
import {
  describeRejected,
  parseCoreMessage,
  portNames,
  type CoreThreadOptions,
  type HostMessage,
  type PortName,
} from './protocol'

/** The host's real ports, answered on the host thread when the core thread calls them. */
export type HostPorts = Pick<
  CorePorts,
  'chooseSavePath' | 'notify' | 'pickCountryDatabase' | 'secrets'
>

/** How to start the core thread. */
export type CoreThreadStart = {
  /** The worker entry that calls runCoreThread (built out/main/core-worker.js, or a test entry). */
  workerFile: string | URL
  execArgv?: string[]
  options: Omit<CoreThreadOptions, 'offers'>
  ports: HostPorts
  emit: (event: CoreEvent) => void
  logger: Logger
  /** How long close() waits for the core to close its database before ending the thread. */
  closeTimeoutMs?: number
}

/** The core on its thread, as the host sees it. */
export type CoreThread = {
  dispatch: Dispatch
  /** Cancels syncs and exports on the core; resolves once they recorded their end. */
  stopWork: () => Promise<void>
  /** Closes the core (its database) and ends the thread; waits at most closeTimeoutMs. */
  close: () => Promise<void>
  /** The worker, for the host to watch (tests end it to prove a crash is handled). */
  worker: Worker
  /** Whether the thread has ended (crashed, failed to load, or closed). */
  isGone: () => boolean
  /** Whether the core was ever built on the thread (it said ready). */
  wasReady: () => boolean
}

type Waiting = { resolve: (result: Result<unknown>) => void; method: string }

const stoppedMessage =
  'The Audit Desk core stopped unexpectedly; restart Audit Desk. Details are in the log.'

/** Starts createCore on a worker thread and returns a dispatch that relays to it. */
export function startCoreThread(start: CoreThreadStart): CoreThread {
  const { ports, logger } = start
  const offers = Object.fromEntries(
    portNames.map((name) => [name, offersPort(ports, name)]),
  ) as CoreThreadOptions['offers'] // one entry per port name, built from portNames itself
  const worker = new Worker(start.workerFile, {
    workerData: { ...start.options, offers } satisfies CoreThreadOptions,
    ...(start.execArgv === undefined ? {} : { execArgv: start.execArgv }),
  })
  const waiting = new Map<number, Waiting>()
  const stopping = new Map<number, () => void>()
  let nextId = 0
  let state: 'running' | 'closing' | 'gone' = 'running'
  let isReady = false
  let closed: (() => void) | undefined
  const closedPromise = new Promise<void>((resolve) => {
    closed = resolve
  })
  const send = (message: HostMessage) => {
    worker.postMessage(message)
  }
  const gone = (why: string) => {
    if (state === 'gone') return
    const expected = state === 'closing'
    state = 'gone'
    if (!expected || waiting.size > 0) logger.error('the core thread stopped', { why })
    for (const [, call] of waiting) call.resolve(fail('internal', stoppedMessage))
    waiting.clear()
    for (const [, resolve] of stopping) resolve()
    stopping.clear()
    closed?.()
  }
  worker.on('error', (error) => {
    gone(error.message)
  })
  worker.on('exit', (code) => {
    gone(`the thread exited with code ${String(code)}`)
  })
  worker.on('message', (raw: unknown) => {
    const message = parseCoreMessage(raw)
    if (message === undefined) {
      logger.warn('host: ignored a core-thread message it does not know', {
        what: describeRejected(raw),
      })
      return
    }
    switch (message.type) {
      case 'result':
        waiting.get(message.id)?.resolve(message.result)
        waiting.delete(message.id)
        return
      case 'work-stopped':
        stopping.get(message.id)?.()
        stopping.delete(message.id)
        return
      case 'event':
        start.emit(message.event)
        return
      case 'port-call':
        void answerPortCall(ports, message.port, message.args).then((answer) => {
          if (state !== 'gone') send({ type: 'port-result', id: message.id, ...answer })
        })
        return
      case 'log':
        logger[message.level](message.message, message.fields)
        return
      case 'closed':
        void worker.terminate()
        return
      case 'ready':
        isReady = true
        return
    }
  })
  const dispatch: Dispatch = (method, input) => {
    if (state !== 'running')
      return Promise.resolve(
        fail('internal', 'The Audit Desk core has stopped; restart Audit Desk.'),
      )
    const id = nextId++
    const shown = typeof method === 'string' ? method.slice(0, 80) : typeof method
    return new Promise((resolve) => {
      waiting.set(id, { resolve, method: shown })
      send({ type: 'invoke', id, method, input })
    })
  }
  return {
    dispatch,
    worker,
    isGone: () => state === 'gone',
    wasReady: () => isReady,
    stopWork: () => {
      if (state !== 'running') return Promise.resolve()
      const id = nextId++
      return new Promise((resolve) => {
        stopping.set(id, resolve)
        send({ type: 'stop-work', id })
      })
    },
    close: async () => {
      if (state === 'running') {
        state = 'closing'
        send({ type: 'close' })
      }
      let timer: NodeJS.Timeout | undefined
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => {
          resolve('timeout')
        }, start.closeTimeoutMs ?? 5000)
      })
      const outcome = await Promise.race([closedPromise, timedOut])
      clearTimeout(timer)
      if (outcome === 'timeout') {
        logger.warn('the core did not close in time; ending its thread')
        await worker.terminate()
      }
    },
  }
}

/** Whether the host offers `name` (a secret store's optional methods are checked one by one). */
function offersPort(ports: HostPorts, name: PortName): boolean {
  const { secrets } = ports
  switch (name) {
    case 'chooseSavePath':
      return ports.chooseSavePath !== undefined
    case 'notify':
      return ports.notify !== undefined
    case 'pickCountryDatabase':
      return ports.pickCountryDatabase !== undefined
    case 'secrets.apiKeyFor':
      return secrets !== undefined
    case 'secrets.remember':
      return secrets !== undefined && 'remember' in secrets
    case 'secrets.status':
      return secrets !== undefined && 'status' in secrets
  }
}

type PortAnswer = { ok: true; value: unknown } | { ok: false; value: undefined; error: string }

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/** Calls the host's real port; a failure crosses as its message (the core shows its own text). */
async function answerPortCall(ports: HostPorts, name: PortName, args: unknown[]) {
  try {
    return { ok: true, value: await callHostPort(ports, name, args) } satisfies PortAnswer
  } catch (error) {
    const message = error instanceof Error ? error.message : 'The host port failed.'
    return { ok: false, value: undefined, error: message } satisfies PortAnswer
  }
}

async function callHostPort(ports: HostPorts, name: PortName, args: unknown[]): Promise<unknown> {
  const [first, second, third] = args
  switch (name) {
    case 'chooseSavePath':
      return ports.chooseSavePath?.(text(first))
    case 'notify':
      ports.notify?.(text(first), text(second))
      return undefined
    case 'pickCountryDatabase':
      return ports.pickCountryDatabase?.()
    case 'secrets.apiKeyFor':
      return ports.secrets?.apiKeyFor(text(first))
    case 'secrets.remember': {
      const allowWeak =
        typeof third === 'object' &&
        third !== null &&
        'allowWeak' in third &&
        third.allowWeak === true
      return ports.secrets?.remember?.(text(first), text(second), { allowWeak })
    }
    case 'secrets.status':
      return ports.secrets?.status?.()
  }
}
