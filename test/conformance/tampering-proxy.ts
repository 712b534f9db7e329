// A proxy that breaks a conforming server on purpose, one rule at a time, so tests can prove that
// the suite notices. It forwards every request and lets a tamper function rewrite the answer.
import http from 'node:http'
import { listen } from './fixture-server'

/** One answer as the tamper function sees and rewrites it. */
export type Exchange = {
  method: string
  path: string
  query: URLSearchParams
  hasAuthorization: boolean
  status: number
  headers: Record<string, string>
  body: unknown
}

/** Rewrites an answer in place (or returns without touching it). */
export type Tamper = (exchange: Exchange) => void

const forwardedHeaders = [
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'retry-after',
]

async function forward(upstream: string, request: http.IncomingMessage): Promise<Exchange> {
  const target = new URL(request.url ?? '/', upstream)
  const authorization = request.headers.authorization
  const response = await fetch(target, {
    method: request.method ?? 'GET',
    headers: authorization === undefined ? {} : { authorization },
  })
  const headers: Record<string, string> = {}
  for (const name of forwardedHeaders) {
    const value = response.headers.get(name)
    if (value !== null) headers[name] = value
  }
  const text = await response.text()
  return {
    method: request.method ?? 'GET',
    path: target.pathname,
    query: target.searchParams,
    hasAuthorization: authorization !== undefined,
    status: response.status,
    headers,
    body: JSON.parse(text) as unknown,
  }
}

/** Starts a proxy in front of `upstream` that applies `tamper` to every answer. */
export async function startTamperingProxy(
  upstream: string,
  tamper: Tamper,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    forward(upstream, request)
      .then((exchange) => {
        tamper(exchange)
        response.writeHead(exchange.status, {
          ...exchange.headers,
          'content-type': 'application/json; charset=utf-8',
        })
        response.end(JSON.stringify(exchange.body))
      })
      .catch((cause: unknown) => {
        response.writeHead(502, { 'content-type': 'text/plain' })
        response.end(cause instanceof Error ? cause.message : 'proxy failure')
      })
  })
  const url = await listen(server)
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        resolve()
      })
    })
  return { url, close }
}
