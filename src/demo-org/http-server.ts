// The HTTP pipeline: authentication, scope, route, validation, retention, rate limit and the
// injected faults, in the contract's precedence order (401, 403, 404/405, 400, 410, 429).
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { Socket } from 'node:net'
import { ApiError, sendJson, sendTruncated } from './http-response'
import { defaultRateLimitPerMinute, rateLimitHeaders, RateLimiter } from './rate-limit'
import { routes, type ServerState } from './routes'

/** The three bearer keys a demo server accepts (or deliberately refuses). */
export type ApiKeys = { full: string; noScope: string; revoked: string }

/** Makes three fresh keys that look like real ones (`adk_live_` + 32 base62 characters). */
export function createApiKeys(): ApiKeys {
  return { full: makeKey(), noScope: makeKey(), revoked: makeKey() }
}

function makeKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  return `adk_live_${[...randomBytes(32)].map((byte) => alphabet[byte % 62] ?? 'x').join('')}`
}

type Caller = { bucket: string; error: ApiError | null }

/** Creates the (not yet listening) server. Keys and request bodies are never logged. */
export function createHttpServer(state: ServerState, keys: ApiKeys): http.Server {
  const limiter = new RateLimiter(
    state.faults.faults.rateLimitPerMinute ?? defaultRateLimitPerMinute,
  )
  let requestNumber = 0
  const server = http.createServer((request, response) => {
    requestNumber += 1
    request.resume() // bodies are ignored, but must be drained
    void handle(state, keys, limiter, requestNumber, request, response)
  })
  server.on('clientError', (_error, socket: Socket) => {
    if (!socket.writable) return
    const body = JSON.stringify({
      error: { code: 'invalid_request', message: 'The HTTP request could not be parsed.' },
    })
    const limit = rateLimitHeaders(limiter.hit('anonymous', state.now()))
    const headers = Object.entries(limit)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('')
    socket.end(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${headers}Connection: close\r\n\r\n${body}`,
    )
  })
  return server
}

async function handle(
  state: ServerState,
  keys: ApiKeys,
  limiter: RateLimiter,
  requestNumber: number,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const now = state.now()
  const caller = authenticate(request.headers.authorization, keys, state)
  const window = limiter.hit(caller.bucket, now)
  const headers = rateLimitHeaders(window)
  try {
    if (caller.error !== null) throw caller.error
    const prepared = route(request, state, now)
    if (window.isExceeded)
      throw tooManyRequests(
        `Rate limit of ${window.limit} requests per minute exceeded.`,
        window.resetSeconds,
      )
    if (state.faults.isBurst(requestNumber))
      throw tooManyRequests('Rate limited (injected burst).', 1)
    const failure = state.faults.serverError()
    if (failure === 500)
      throw new ApiError(500, 'internal_error', 'Internal server error (injected fault).')
    if (failure === 503)
      throw new ApiError(
        503,
        'service_unavailable',
        'Service unavailable (injected fault).',
        {},
        { 'Retry-After': '1' },
      )
    const body = prepared.body()
    await delay(state.faults.faults.slowMs)
    if (prepared.isStreamPage && state.faults.isTruncated()) sendTruncated(response, body, headers)
    else sendJson(response, 200, body, headers)
  } catch (cause) {
    const error =
      cause instanceof ApiError
        ? cause
        : new ApiError(500, 'internal_error', 'Internal server error.')
    await delay(state.faults.faults.slowMs)
    if (!response.headersSent)
      sendJson(response, error.status, error.body(), { ...headers, ...error.headers })
  }
}

function authenticate(header: string | undefined, keys: ApiKeys, state: ServerState): Caller {
  const unauthorized = (message: string): Caller => ({
    bucket: 'anonymous',
    error: new ApiError(401, 'unauthorized', message),
  })
  if (header === undefined || header === '')
    return unauthorized('Missing Authorization header: send "Authorization: Bearer <api key>".')
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header)
  const key = match?.[1]
  if (key === undefined)
    return unauthorized('Malformed Authorization header: expected "Bearer <api key>".')
  if (key === keys.full) {
    if (state.faults.isFullKeyRevoked())
      return {
        bucket: 'full',
        error: new ApiError(401, 'unauthorized', 'This API key has been revoked.'),
      }
    return { bucket: 'full', error: null }
  }
  if (key === keys.revoked)
    return {
      bucket: 'revoked',
      error: new ApiError(401, 'unauthorized', 'This API key has been revoked.'),
    }
  if (key === keys.noScope) {
    return {
      bucket: 'no-scope',
      error: new ApiError(
        403,
        'forbidden',
        'This API key lacks the scope audit_logs:read; create a key with audit_logs:read.',
      ),
    }
  }
  return unauthorized('This API key is not recognised.')
}

function route(
  request: http.IncomingMessage,
  state: ServerState,
  now: number,
): ReturnType<typeof prepare> {
  let url: URL
  try {
    url = new URL(request.url ?? '/', 'http://127.0.0.1')
  } catch {
    throw new ApiError(404, 'not_found', 'No such endpoint.')
  }
  return prepare(url, request.method ?? 'GET', state, now)
}

function prepare(
  url: URL,
  method: string,
  state: ServerState,
  now: number,
): ReturnType<NonNullable<ReturnType<typeof routes.get>>> {
  const handler = routes.get(url.pathname)
  if (handler === undefined)
    throw new ApiError(
      404,
      'not_found',
      `No endpoint at ${url.pathname.slice(0, 80)}; see the organization API contract (v1).`,
    )
  if (method !== 'GET')
    throw new ApiError(
      405,
      'method_not_allowed',
      `Only GET is allowed; got ${method.slice(0, 16)}.`,
      {},
      { Allow: 'GET' },
    )
  return handler(url.searchParams, state, now)
}

function tooManyRequests(message: string, retryAfter: number): ApiError {
  return new ApiError(429, 'rate_limited', message, {}, { 'Retry-After': String(retryAfter) })
}

async function delay(milliseconds: number | undefined): Promise<void> {
  if (milliseconds === undefined || milliseconds <= 0) return
  await new Promise((resolve) => setTimeout(resolve, milliseconds))
}
