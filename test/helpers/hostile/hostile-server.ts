// A small organization API server for hostile-input tests: it serves good pages of whatever raw
// event texts a test gives it, and lets a test replace any answer with a scripted one (broken
// bodies, huge bodies, errors, redirects). Listens on 127.0.0.1, port 0.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { StreamName } from '../../../src/core/sync/page-parser'

/** One request the server received, as the test sees it. */
export type ReceivedRequest = {
  endpoint: 'organization' | StreamName | 'other'
  cursor: string | null
  since: string | null
  limit: number
  isAuthorized: boolean
}

/** A scripted answer: a status, headers and a body, or a body of `streamBytes` sent in chunks. */
export type ScriptedResponse = {
  status?: number
  headers?: Record<string, string>
  body?: string | Uint8Array
  /** Sends this many filler bytes without Content-Length (unless a header declares one). */
  streamBytes?: number
}

/** Decides the answer to a request; `undefined` falls through to the good page. */
export type Responder = (
  request: ReceivedRequest,
  goodPage: () => ScriptedResponse,
) => ScriptedResponse | undefined

/** A running hostile server. */
export interface HostileServer {
  url: string
  apiKey: string
  /** The raw JSON text of every event the server has, per stream, in serving order. */
  events: Record<StreamName, string[]>
  /** Every request received, oldest first. */
  requests: ReceivedRequest[]
  /** Answers requests with `responder` (until cleared) before the good pages. */
  intercept(responder: Responder): void
  clearIntercept(): void
  close(): Promise<void>
}

/** The oldest_available_at every page of this server carries. */
export const oldestAvailableAt = '2026-08-27T00:00:00.000Z'

const organizationBody = JSON.stringify({
  id: 'org_hostile',
  name: 'Hostile Inc.',
  plan: 'enterprise',
  retention_days: 90,
  server_time: '2026-11-26T12:00:00.000Z',
})

/** A page body written as text around raw event texts, so a test controls every byte. */
export function pageText(
  raws: readonly string[],
  envelope: { nextCursor: string; hasMore: boolean },
): string {
  return `{"data":[${raws.join(',')}],"next_cursor":${JSON.stringify(envelope.nextCursor)},"has_more":${String(envelope.hasMore)},"oldest_available_at":"${oldestAvailableAt}"}`
}

/** An error body of the contract's shape. */
export function errorText(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } })
}

/** Starts a hostile server that accepts `Bearer <apiKey>`. */
export async function startHostileServer(apiKey: string): Promise<HostileServer> {
  const events: Record<StreamName, string[]> = { 'audit-events': [], 'request-logs': [] }
  const requests: ReceivedRequest[] = []
  let responder: Responder | undefined
  const server = http.createServer((incoming, outgoing) => {
    outgoing.on('error', ignore)
    const request = describe(incoming, apiKey)
    requests.push(request)
    const goodPage = () => answer(request, events)
    send(outgoing, responder?.(request, goodPage) ?? goodPage())
  })
  server.on('clientError', (_error, socket) => socket.destroy())
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo // a TCP listener always has an AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    events,
    requests,
    intercept: (next) => {
      responder = next
    },
    clearIntercept: () => {
      responder = undefined
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve()
        })
        server.closeAllConnections()
      }),
  }
}

function ignore(): void {
  // A client that hangs up mid-body is expected here (response_too_large): nothing to do.
}

function describe(incoming: http.IncomingMessage, apiKey: string): ReceivedRequest {
  const url = new URL(incoming.url ?? '/', 'http://127.0.0.1')
  const endpoint =
    url.pathname === '/v1/organization'
      ? 'organization'
      : url.pathname === '/v1/audit-events'
        ? 'audit-events'
        : url.pathname === '/v1/request-logs'
          ? 'request-logs'
          : 'other'
  return {
    endpoint,
    cursor: url.searchParams.get('cursor'),
    since: url.searchParams.get('since'),
    limit: Number(url.searchParams.get('limit') ?? '100'),
    isAuthorized: incoming.headers.authorization === `Bearer ${apiKey}`,
  }
}

function answer(request: ReceivedRequest, events: Record<StreamName, string[]>): ScriptedResponse {
  if (!request.isAuthorized)
    return { status: 401, body: errorText('unauthorized', 'The API key was not accepted.') }
  if (request.endpoint === 'organization') return { body: organizationBody }
  if (request.endpoint === 'other') return { status: 404, body: errorText('not_found', 'No.') }
  const all = events[request.endpoint]
  const offset = request.cursor === null ? 0 : Number(request.cursor.slice(1))
  const served = all.slice(offset, offset + request.limit)
  const next = offset + served.length
  return { body: pageText(served, { nextCursor: `c${next}`, hasMore: next < all.length }) }
}

function send(outgoing: http.ServerResponse, response: ScriptedResponse): void {
  const headers = { 'Content-Type': 'application/json; charset=utf-8', ...response.headers }
  if (response.streamBytes !== undefined) {
    outgoing.writeHead(response.status ?? 200, headers)
    streamFiller(outgoing, response.streamBytes)
    return
  }
  const body = Buffer.from(response.body ?? '')
  outgoing.writeHead(response.status ?? 200, { 'Content-Length': String(body.length), ...headers })
  outgoing.end(body)
}

/** Writes `total` bytes of JSON-ish filler, 1 MiB at a time, honouring backpressure. */
function streamFiller(outgoing: http.ServerResponse, total: number): void {
  const chunk = Buffer.alloc(1024 * 1024, 0x20)
  let sent = 0
  const pump = (): void => {
    while (sent < total && !outgoing.destroyed) {
      const size = Math.min(chunk.length, total - sent)
      sent += size
      if (!outgoing.write(chunk.subarray(0, size))) {
        outgoing.once('drain', pump)
        return
      }
    }
    if (!outgoing.destroyed) outgoing.end()
  }
  pump()
}
