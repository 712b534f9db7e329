// The core thread (issue 8, item 4): createCore runs here, on a worker, so exports, detections and
// the end of a sync never block the host's event loop (in Electron, the window). The host ports
// that must stay on the host thread (dialogs, notifications, safeStorage) are reached through
// port-calls; invokes go through the same dispatcher every host uses.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads'
import { z } from 'zod'
import { createCore } from '../core'
import { createDispatcher } from '../dispatcher'
import type { CorePorts, Logger, SecretStore, SecretStoreStatus } from '../ports'
import {
  describeRejected,
  parseHostMessage,
  type CoreMessage,
  type CoreThreadOptions,
  type PortName,
} from './protocol'

const secretStatusSchema: z.ZodType<SecretStoreStatus> = z.object({
  protection: z.enum(['encrypted', 'weak', 'unavailable']),
  backend: z.string().nullable(),
  problems: z.array(z.string()),
})

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void }

/** Runs the core on this worker until the host sends close; call once, from the worker entry. */
export function runCoreThread(
  port: MessagePort | null = parentPort,
  // workerData is whatever the host passed; startCoreThread passes CoreThreadOptions.
  options = workerData as CoreThreadOptions,
): void {
  if (port === null) throw new Error('runCoreThread must run on a worker thread')
  const post = (message: CoreMessage) => {
    port.postMessage(message)
  }
  const logger = threadLogger(post)
  const pending = new Map<number, Pending>()
  let nextId = 0
  const callPort = (name: PortName, args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve, reject })
      post({ type: 'port-call', id, port: name, args })
    })
  const core = createCore(corePorts(options, post, logger, callPort))
  const dispatch = createDispatcher(core.handlers, logger)
  post({ type: 'ready' })
  port.on('message', (raw: unknown) => {
    const message = parseHostMessage(raw)
    if (message === undefined) {
      logger.warn('core thread: ignored a message it does not know', {
        what: describeRejected(raw),
      })
      return
    }
    switch (message.type) {
      case 'invoke':
        void dispatch(message.method, message.input).then((result) => {
          post({ type: 'result', id: message.id, result })
        })
        return
      case 'stop-work':
        void core.stopWork().finally(() => {
          post({ type: 'work-stopped', id: message.id })
        })
        return
      case 'port-result': {
        const waiting = pending.get(message.id)
        pending.delete(message.id)
        if (waiting === undefined) return
        if (message.ok) waiting.resolve(message.value)
        else waiting.reject(new Error(message.error ?? 'The host port failed.'))
        return
      }
      case 'close':
        core.close()
        post({ type: 'closed' })
        port.close()
        return
    }
  })
}

/** The ports of a core on this thread: serialisable options plus port-call stubs. */
function corePorts(
  options: CoreThreadOptions,
  post: (message: CoreMessage) => void,
  logger: Logger,
  callPort: (name: PortName, args: unknown[]) => Promise<unknown>,
): CorePorts {
  const { offers } = options
  const optionalText = (value: unknown) => (typeof value === 'string' ? value : undefined)
  const reviewerName = options.reviewerName
  return {
    host: options.host,
    dataDirectory: options.dataDirectory,
    clock: Date.now,
    emit: (event) => {
      post({ type: 'event', event })
    },
    logger,
    ...(options.sqliteNativeBinding === undefined
      ? {}
      : { sqliteNativeBinding: options.sqliteNativeBinding }),
    ...(options.countryDatabaseFile === undefined
      ? {}
      : { countryDatabaseFile: options.countryDatabaseFile }),
    ...(reviewerName === undefined ? {} : { reviewer: () => reviewerName }),
    ...(offers.chooseSavePath
      ? {
          chooseSavePath: async (suggestedName: string) =>
            optionalText(await callPort('chooseSavePath', [suggestedName])),
        }
      : {}),
    ...(offers.pickCountryDatabase
      ? {
          pickCountryDatabase: async () => optionalText(await callPort('pickCountryDatabase', [])),
        }
      : {}),
    ...(offers.notify
      ? {
          notify: (title: string, body: string) => {
            callPort('notify', [title, body]).catch((error: unknown) => {
              logger.warn('the desktop notification failed', { error: String(error) })
            })
          },
        }
      : {}),
    ...(offers['secrets.apiKeyFor'] ? { secrets: secretStubs(offers, callPort) } : {}),
  }
}

function secretStubs(
  offers: CoreThreadOptions['offers'],
  callPort: (name: PortName, args: unknown[]) => Promise<unknown>,
): SecretStore {
  return {
    apiKeyFor: async (baseUrl) => {
      const key = await callPort('secrets.apiKeyFor', [baseUrl])
      return typeof key === 'string' ? key : undefined
    },
    ...(offers['secrets.remember']
      ? {
          remember: async (baseUrl: string, apiKey: string, consent?: { allowWeak: boolean }) => {
            await callPort('secrets.remember', [baseUrl, apiKey, consent])
          },
        }
      : {}),
    ...(offers['secrets.status']
      ? {
          status: async () => secretStatusSchema.parse(await callPort('secrets.status', [])),
        }
      : {}),
  }
}

/** A logger that hands every line to the host, which writes it where it logs. */
function threadLogger(post: (message: CoreMessage) => void): Logger {
  const send = (level: 'info' | 'warn' | 'error') => (message: string, fields?: object) => {
    try {
      post({
        type: 'log',
        level,
        message,
        ...(fields === undefined ? {} : { fields: { ...fields } }),
      })
    } catch {
      // Fields that cannot be cloned (a function, a socket) still leave the line itself.
      post({ type: 'log', level, message, fields: { fields: 'not serialisable' } })
    }
  }
  return { info: send('info'), warn: send('warn'), error: send('error') }
}
