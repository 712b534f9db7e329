// A small organization server that follows the contract, on 127.0.0.1 and port 0. It lets the
// suite be tested on its own; tests put a tampering proxy in front of it to break it on purpose.
import { generateKeyPairSync } from 'node:crypto'
import http from 'node:http'
import { generateEvents, makeEvent, seededRandom } from './fixture-data'
import {
  digestsReply,
  errorReply,
  iso,
  pageReply,
  statsReply,
  type FixtureState,
  type Reply,
} from './fixture-handlers'
import { streamNames, type StreamName } from './scan'

/** A running fixture server. */
export type FixtureServer = {
  url: string
  keys: { full: string; noScope: string; revoked: string }
  /** Records `count` new events in each stream, now. */
  appendEvents(count: number): void
  close(): Promise<void>
}

/** Sizes and the clock; `expireCursorAt` answers 410 to the Nth request that carries a cursor. */
export type FixtureOptions = {
  auditEvents?: number
  requestLogs?: number
  days?: number
  now?: () => number
  expireCursorAt?: number
}

const day = 86_400_000
const keys = { full: 'fx_full_key', noScope: 'fx_no_scope_key', revoked: 'fx_revoked_key' }
const knownPaths = new Set(['/v1/organization', '/v1/signing-keys'])
for (const stream of streamNames) {
  for (const suffix of ['', '/stats', '/digests']) knownPaths.add(`/v1/${stream}${suffix}`)
}

/** Answers one request: authentication, then path, then method, then the endpoint. */
function route(state: FixtureState, method: string, url: URL, authorization: string): Reply {
  const key = /^Bearer (\S+)$/.exec(authorization)?.[1]
  if (key === undefined || key === keys.revoked || !Object.values(keys).includes(key)) {
    return errorReply(401, 'unauthorized', 'a valid Bearer key is required')
  }
  if (key === keys.noScope) return errorReply(403, 'forbidden', 'the key lacks audit_logs:read')
  if (!knownPaths.has(url.pathname)) return errorReply(404, 'not_found', 'no such endpoint')
  if (method !== 'GET') return errorReply(405, 'method_not_allowed', 'only GET exists')
  if (url.pathname === '/v1/organization') {
    const organization = { id: 'org_fixture', name: 'Fixture Inc.', plan: 'enterprise' }
    return {
      status: 200,
      body: { ...organization, retention_days: 90, server_time: iso(state.now()) },
    }
  }
  if (url.pathname === '/v1/signing-keys') {
    const key = { key_id: 'k_fixture', algorithm: 'Ed25519', public_key_pem: state.publicKeyPem }
    return { status: 200, body: { keys: [key] } }
  }
  const [, , resource = '', view = ''] = url.pathname.split('/')
  const stream = streamNames.find((name) => name === resource)
  if (stream === undefined) return errorReply(404, 'not_found', 'no such endpoint')
  if (view === 'stats') return statsReply(state, stream, url.searchParams)
  if (view === 'digests') return digestsReply(state, stream, url.searchParams)
  return pageReply(state, stream, url.searchParams)
}

/** The server's state: generated events, the signing key and the cursor counter. */
function createState(options: FixtureOptions): FixtureState {
  const now = options.now ?? Date.now
  const days = options.days ?? 10
  const generate = (stream: StreamName, count: number, seed: number) =>
    generateEvents(stream, { days, now: now(), count, seed })
  const signer = generateKeyPairSync('ed25519')
  return {
    store: {
      'audit-events': generate('audit-events', options.auditEvents ?? 300, 1),
      'request-logs': generate('request-logs', options.requestLogs ?? 500, 2),
    },
    now,
    firstDay: iso(now() - days * day).slice(0, 10),
    signingKey: signer.privateKey,
    publicKeyPem: signer.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    cursorRequests: 0,
    expireCursorAt: options.expireCursorAt,
  }
}

/** Starts the server with generated events. */
export async function startFixtureServer(options: FixtureOptions = {}): Promise<FixtureServer> {
  const state = createState(options)
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const reply = route(state, request.method ?? 'GET', url, request.headers.authorization ?? '')
    response.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'ratelimit-limit': '6000',
      'ratelimit-remaining': '5999',
      'ratelimit-reset': '60',
    })
    response.end(JSON.stringify(reply.body))
  })
  const url = await listen(server)
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        resolve()
      })
    })
  return {
    url,
    keys,
    appendEvents: (count) => {
      appendEvents(state, count)
    },
    close,
  }
}

const random = seededRandom(3)

/** Records `count` events in each stream at the current time. */
function appendEvents(state: FixtureState, count: number): void {
  for (const stream of streamNames) {
    const events = state.store[stream]
    for (let index = 0; index < count; index += 1) {
      const recordedAt = Math.max(state.now(), events.at(-1)?.recordedAt ?? 0)
      events.push(
        makeEvent(stream, events.length + 1, { occurredAt: recordedAt, recordedAt }, random),
      )
    }
  }
}

/** Listens on 127.0.0.1 and a free port; resolves to the base URL. */
export async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP')
  return `http://127.0.0.1:${address.port}`
}
