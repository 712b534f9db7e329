// Browser mode: the same core and the same renderer over HTTP on 127.0.0.1, guarded by a
// per-launch token. Used by `audit-desk serve`, the e2e tests, and machines without Electron.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import type { CoreEvent } from '../shared/contract'
import { fail } from '../shared/result'
import { createCore, type Core } from '../core/core'
import { osReviewerName, unknownReviewer } from '../core/reviewer'
import { createDispatcher, type Dispatch } from '../core/dispatcher'
import type { CorePorts, Logger } from '../core/ports'
import {
  isAllowedHost,
  isAllowedOrigin,
  readBearer,
  readCookie,
  tokenCookieName,
  tokenMatches,
} from './request-guard'
import { startDemoServer, type DemoServer } from '../demo-org/index'
import { exportsFolder } from '../core/session/export-handlers'
import { downloadContentType, downloadPrefix, resolveDownload } from './downloads'
import { readStaticFile } from '../core/static-files'
import { createEventHub, type EventHub } from './event-hub'

/** How to start browser mode. */
export type WebhostOptions = {
  dataDirectory: string
  rendererDirectory: string
  logger: Logger
  /** 0 (default) picks a free port. */
  port?: number
  clock?: () => number
  /** Size of the demo organization "Explore the demo" starts (default 30,000 / 150,000). */
  demo?: { auditEvents: number; requestLogs: number }
  /** A checked MaxMind-format country database to use instead of the packaged one. */
  countryDatabaseFile?: string
}

/** A running browser-mode server. */
export interface Webhost {
  /** The URL to open: it carries the token once; the page then holds it as an HttpOnly cookie. */
  url: string
  origin: string
  port: number
  token: string
  core: Core
  /** Sends an event to every open page (the core's event sink in browser mode). */
  broadcast(event: CoreEvent): void
  close(): Promise<void>
}

const maxBodyBytes = 1024 * 1024

const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
}

/** Starts the core and serves it with the built renderer on 127.0.0.1. */
export async function startWebhost(options: WebhostOptions): Promise<Webhost> {
  if (!fs.existsSync(path.join(options.rendererDirectory, 'index.html'))) {
    throw new Error(
      `The renderer is not built (no index.html in ${options.rendererDirectory}). Run \`npm run build\` first.`,
    )
  }
  const token = randomBytes(32).toString('base64url')
  const hub = createEventHub()
  const sessions = new Set<string>()
  const ports: CorePorts = {
    host: 'browser',
    dataDirectory: options.dataDirectory,
    clock: options.clock ?? Date.now,
    emit: (event) => {
      hub.broadcast(event)
    },
    logger: options.logger,
    reviewer: () => osReviewerName() ?? unknownReviewer,
    ...(options.countryDatabaseFile === undefined
      ? {}
      : { countryDatabaseFile: options.countryDatabaseFile }),
    demo: {
      start: async () => {
        demoServer ??= await startDemoServer({
          auditEvents: options.demo?.auditEvents ?? 30_000,
          requestLogs: options.demo?.requestLogs ?? 150_000,
        })
        return { url: demoServer.url, apiKey: demoServer.keys.full }
      },
    },
  }
  let demoServer: DemoServer | undefined
  const core = createCore(ports)
  const dispatch = createDispatcher(core.handlers, options.logger)
  const state = { port: 0 }
  const server = http.createServer((request, response) => {
    handle({ request, response, port: state.port, token, sessions, dispatch, hub, options }).catch(
      (error: unknown) => {
        options.logger.error('browser-mode request failed', { error: String(error) })
        if (!response.headersSent)
          send(response, 500, 'text/plain; charset=utf-8', 'Internal error')
        else response.destroy()
      },
    )
  })
  server.headersTimeout = 10_000
  server.requestTimeout = 30_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', resolve)
  })
  const address = server.address()
  if (address === null || typeof address === 'string')
    throw new Error('Browser mode did not get a TCP port.')
  state.port = address.port
  const origin = `http://127.0.0.1:${address.port}`
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port: address.port,
    token,
    core,
    broadcast: (event) => {
      hub.broadcast(event)
    },
    close: async () => {
      hub.closeAll()
      server.closeAllConnections()
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve()
        })
      })
      core.close()
      await demoServer?.close()
    },
  }
}

type Context = {
  request: http.IncomingMessage
  response: http.ServerResponse
  port: number
  token: string
  /** Session ids handed out as cookies; never the launch token, which cookies would leak to
   * every other server on 127.0.0.1 (cookies ignore ports). */
  sessions: Set<string>
  dispatch: Dispatch
  hub: EventHub
  options: WebhostOptions
}

async function handle(context: Context): Promise<void> {
  const { request, response, port, token, sessions } = context
  if (!isAllowedHost(request.headers.host, port)) {
    send(
      response,
      421,
      'text/plain; charset=utf-8',
      'Misdirected request: browser mode answers only to 127.0.0.1.',
    )
    return
  }
  if (!isAllowedOrigin(request.headers.origin, port)) {
    send(
      response,
      403,
      'text/plain; charset=utf-8',
      'Forbidden: requests from other origins are refused.',
    )
    return
  }
  const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`)
  const fromQuery = url.pathname === '/' ? (url.searchParams.get('token') ?? undefined) : undefined
  if (fromQuery !== undefined && tokenMatches(fromQuery, token)) {
    response.writeHead(303, {
      ...securityHeaders,
      Location: '/',
      'Set-Cookie': `${tokenCookieName(port)}=${newSession(sessions)}; HttpOnly; SameSite=Strict; Path=/`,
    })
    response.end()
    return
  }
  const isAuthorised =
    tokenMatches(readBearer(request.headers.authorization), token) ||
    sessions.has(readCookie(request.headers.cookie, tokenCookieName(port)) ?? '')
  if (!isAuthorised) {
    sendUnauthorized(response, url.pathname.startsWith('/api/'))
    return
  }
  await route(context, url)
}

const maxSessions = 64

/** A fresh random session id for the cookie; the oldest is forgotten past a small bound. */
function newSession(sessions: Set<string>): string {
  const id = randomBytes(32).toString('base64url')
  sessions.add(id)
  if (sessions.size > maxSessions) {
    const oldest = sessions.values().next().value
    if (oldest !== undefined) sessions.delete(oldest)
  }
  return id
}

async function route(context: Context, url: URL): Promise<void> {
  const { request, response } = context
  if (url.pathname === '/api/invoke') {
    if (request.method !== 'POST') {
      sendMethodNotAllowed(response, 'POST')
      return
    }
    await invoke(context)
    return
  }
  if (url.pathname === '/api/events') {
    if (request.method !== 'GET') {
      sendMethodNotAllowed(response, 'GET')
      return
    }
    context.hub.attach(request, response, securityHeaders)
    return
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendMethodNotAllowed(response, 'GET, HEAD')
    return
  }
  if (url.pathname.startsWith(downloadPrefix)) {
    sendDownload(context, url.pathname)
    return
  }
  const file = readStaticFile(context.options.rendererDirectory, url.pathname)
  if (file === undefined) {
    send(response, 404, 'text/plain; charset=utf-8', 'Not found')
    return
  }
  send(response, 200, file.contentType, request.method === 'HEAD' ? '' : file.body)
}

/** Streams an export or pack the core saved in the data directory's exports folder. */
function sendDownload(context: Context, pathname: string): void {
  const { request, response } = context
  const file = resolveDownload(exportsFolder(context.options.dataDirectory), pathname)
  if (file === undefined) {
    send(response, 404, 'text/plain; charset=utf-8', 'No such export')
    return
  }
  const name = path.basename(file)
  response.writeHead(200, {
    ...securityHeaders,
    'Content-Type': downloadContentType(name),
    'Content-Length': String(fs.statSync(file).size),
    'Content-Disposition': `attachment; filename="${name}"`,
  })
  if (request.method === 'HEAD') {
    response.end()
    return
  }
  fs.createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response)
}

async function invoke(context: Context): Promise<void> {
  const { request, response } = context
  const type = request.headers['content-type'] ?? ''
  if (!/^application\/json(;|$)/.test(type)) {
    sendJson(response, 415, fail('invalid_input', 'Send the call as application/json.'))
    return
  }
  const declared = Number(request.headers['content-length'] ?? 0)
  const body = declared > maxBodyBytes ? undefined : await readBody(request)
  if (body === undefined) {
    response.setHeader('Connection', 'close')
    sendJson(response, 413, fail('invalid_input', 'The call is larger than 1 MiB.'))
    return
  }
  let call: unknown
  try {
    call = JSON.parse(body)
  } catch {
    sendJson(response, 400, fail('invalid_input', 'The call is not valid JSON.'))
    return
  }
  if (typeof call !== 'object' || call === null || !('method' in call)) {
    sendJson(response, 400, fail('invalid_input', 'A call is {"method": "...", "input": {...}}.'))
    return
  }
  const input = 'input' in call ? call.input : undefined
  sendJson(response, 200, await context.dispatch(call.method, input))
}

/** Reads the body as text, or undefined when it exceeds the cap (the rest is drained, not kept). */
function readBody(request: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBodyBytes) chunks.push(chunk)
    })
    request.on('end', () => {
      resolve(size > maxBodyBytes ? undefined : Buffer.concat(chunks).toString('utf8'))
    })
    request.on('error', reject)
  })
}

function sendUnauthorized(response: http.ServerResponse, isApi: boolean): void {
  const message =
    'Audit Desk browser mode needs the token from the URL that `audit-desk serve` printed. Open that URL.'
  if (isApi) sendJson(response, 401, fail('unauthorized', message))
  else send(response, 401, 'text/plain; charset=utf-8', message)
}

function sendMethodNotAllowed(response: http.ServerResponse, allow: string): void {
  response.setHeader('Allow', allow)
  send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed')
}

function sendJson(response: http.ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value))
}

function send(
  response: http.ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
): void {
  response.writeHead(status, { ...securityHeaders, 'Content-Type': contentType })
  response.end(body)
}
