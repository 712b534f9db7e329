// The Connections and sync-status methods: list the connected organizations, start the demo
// organization, start, follow and cancel syncs, and read the run history. API keys stay in memory (the
// demo's) or in the host's secret store; never in the cache.
import type Database from 'better-sqlite3'
import type { MethodOutput, MethodParams } from '../../shared/contract'
import { CoreError } from '../errors'
import type { CorePorts } from '../ports'
import { createConnectionStore } from '../store/connection-store'
import { normaliseBaseUrl } from '../sync/base-url'
import type { SyncErrorCode } from '../sync/retry-policy'
import { abortableSleep } from '../sync/sleep'
import { connectOrganization } from '../sync/sync-organization'
import type { KeyRing } from './key-ring'
import type { SyncManager } from './sync-manager'

type Deps = {
  db: () => Database.Database
  ports: CorePorts
  fetch: typeof fetch
  syncs: SyncManager
  keys: KeyRing
}

const bothStreams = ['audit-events', 'request-logs'] as const

/** Handlers of connections.list, connections.add, secrets.status, demo.start, sync.start,
 * sync.follow, sync.cancel and sync.runs. */
export function createConnectionHandlers(deps: Deps) {
  let demo: { url: string; connectionId: string } | undefined
  let store: ReturnType<typeof createConnectionStore> | undefined
  const connections = () => (store ??= createConnectionStore(deps.db()))

  const connectDeps = () => ({
    db: deps.db(),
    fetch: deps.fetch,
    clock: deps.ports.clock,
    sleep: abortableSleep,
    random: Math.random,
    // One quick check, not the sync's patient retries: the person is waiting for an answer.
    retryLimits: {
      maxTransientAttempts: 2,
      maxRateLimitedAttempts: 2,
      baseDelayMs: 500,
      maxDelayMs: 2000,
    },
  })

  const keyFor = (baseUrl: string): Promise<string | undefined> => deps.keys.keyFor(baseUrl)

  /** What a sync of the connection needs, or the error naming how to get a key. */
  const syncRequest = async (
    connectionId: string,
    streams: readonly ('audit-events' | 'request-logs')[],
  ) => {
    const connection = connections().find(connectionId)
    if (connection === undefined)
      throw new CoreError('not_found', 'That organization is not connected in this cache.')
    const apiKey = await keyFor(connection.baseUrl)
    if (apiKey === undefined) {
      throw new CoreError(
        'unauthorized',
        demo === undefined && connection.baseUrl.startsWith('http://127.0.0.1')
          ? 'This is a demo organization from an earlier session; it only runs while Audit Desk is open. Start the demo again from Connections; the events already cached stay.'
          : `No API key is stored for ${connection.baseUrl}. Connect the organization again with a key that has the audit_logs:read scope.`,
      )
    }
    return { baseUrl: connection.baseUrl, apiKey, streams }
  }

  const startSync = async (
    connectionId: string,
    streams: readonly ('audit-events' | 'request-logs')[],
  ) => deps.syncs.start(connectionId, await syncRequest(connectionId, streams))

  return {
    'connections.list': async (): Promise<MethodOutput<'connections.list'>> => {
      const syncing = deps.syncs.runningConnection()
      const list = await Promise.all(
        connections()
          .list()
          .map(async (connection) => ({
            ...connection,
            isDemo: demo?.connectionId === connection.id,
            canSync: (await keyFor(connection.baseUrl)) !== undefined,
            isSyncing: syncing === connection.id,
            follow: deps.syncs.followState(connection.id),
          })),
      )
      return { connections: list }
    },
    'connections.add': async (
      input: MethodParams<'connections.add'>,
    ): Promise<MethodOutput<'connections.add'>> => {
      const baseUrl = normaliseBaseUrl(input.baseUrl) // names the fix: https, no credentials
      const apiKey = input.apiKey.trim()
      const connected = await connectOrganization(connectDeps(), { baseUrl, apiKey })
      if (!connected.ok) throw connectError(baseUrl, connected.error)
      const kept = await deps.keys.keep(baseUrl, apiKey, input.storeKey)
      if (kept.problem !== undefined)
        deps.ports.logger.warn('the API key was kept for this session only', {
          reason: kept.problem,
        })
      return {
        connectionId: connected.connection.id,
        organizationName: connected.connection.organizationName,
        keyStorage: kept.keyStorage,
      }
    },
    'secrets.status': (): Promise<MethodOutput<'secrets.status'>> => deps.keys.status(),
    'demo.start': async (): Promise<MethodOutput<'demo.start'>> => {
      if (demo === undefined) {
        const port = deps.ports.demo
        if (port === undefined) {
          throw new CoreError(
            'invalid_input',
            'This build cannot run the demo organization. Connect your own organization instead.',
          )
        }
        const started = await port.start()
        const connected = await connectOrganization(connectDeps(), {
          baseUrl: started.url,
          apiKey: started.apiKey,
        })
        if (!connected.ok) {
          throw new CoreError(
            'host_unreachable',
            `The demo organization did not answer: ${connected.error.message}`,
          )
        }
        deps.keys.rememberForSession(connected.connection.baseUrl, started.apiKey)
        demo = { url: connected.connection.baseUrl, connectionId: connected.connection.id }
      }
      await startSync(demo.connectionId, bothStreams)
      return { connectionId: demo.connectionId }
    },
    'sync.start': async (
      input: MethodParams<'sync.start'>,
    ): Promise<MethodOutput<'sync.start'>> => ({
      started: await startSync(input.connectionId, input.streams ?? bothStreams),
    }),
    'sync.follow': async (
      input: MethodParams<'sync.follow'>,
    ): Promise<MethodOutput<'sync.follow'>> => {
      if (!input.isOn) {
        deps.syncs.unfollow(input.connectionId)
      } else {
        const request = await syncRequest(input.connectionId, bothStreams)
        deps.syncs.follow(input.connectionId, request, input.intervalSeconds * 1000)
      }
      return { follow: deps.syncs.followState(input.connectionId) }
    },
    'sync.cancel': (input: MethodParams<'sync.cancel'>): Promise<MethodOutput<'sync.cancel'>> =>
      Promise.resolve({ cancelled: deps.syncs.cancel(input.connectionId) }),
    'sync.runs': (input: MethodParams<'sync.runs'>): Promise<MethodOutput<'sync.runs'>> =>
      Promise.resolve({ runs: connections().runs(input.connectionId, input.limit) }),
  }
}

/** A failed key check as the boundary's error, naming the fix. */
function connectError(baseUrl: string, error: { code: SyncErrorCode; message: string }): CoreError {
  switch (error.code) {
    case 'unauthorized':
      return new CoreError(
        'unauthorized',
        `${baseUrl} refused the key (401): it is wrong, expired or revoked. Copy a current key from your organization's API settings.`,
      )
    case 'forbidden':
      return new CoreError(
        'forbidden',
        `${baseUrl} accepted the key but it lacks the audit_logs:read scope (403). Create a key with that scope.`,
      )
    case 'network':
      return new CoreError(
        'host_unreachable',
        `${baseUrl} could not be reached (${error.message}) Check the address and your network.`,
      )
    default:
      return new CoreError('host_unreachable', `${baseUrl}: ${error.message}`)
  }
}
