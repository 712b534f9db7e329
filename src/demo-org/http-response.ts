// Writing responses: JSON bodies, the contract's error shape, and the headers every response
// carries (RateLimit-*, no caching). Errors never carry stack traces, SQL or paths.
import type { ServerResponse } from 'node:http'

/** The contract's error codes. */
export type ErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'cursor_expired'
  | 'rate_limited'
  | 'internal_error'
  | 'service_unavailable'

/** An error answered as `{"error":{"code","message",…extra}}` with `status`. */
export class ApiError extends Error {
  /** `extra` fields join code and message inside the error object; `headers` are added. */
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }

  /** The JSON body of this error. */
  body(): string {
    return JSON.stringify({ error: { code: this.code, message: this.message, ...this.extra } })
  }
}

/** Headers sent with every response. */
export type CommonHeaders = Record<string, string>

/** Sends a complete JSON response. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: string,
  headers: CommonHeaders,
): void {
  const bytes = Buffer.from(body, 'utf8')
  response.writeHead(status, { ...jsonHeaders(bytes.length), ...headers })
  response.end(bytes)
}

/** Sends only the first half of a JSON body, then drops the connection (the truncate fault). */
export function sendTruncated(
  response: ServerResponse,
  body: string,
  headers: CommonHeaders,
): void {
  const bytes = Buffer.from(body, 'utf8')
  response.writeHead(200, { ...jsonHeaders(bytes.length), ...headers })
  response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => {
    response.socket?.destroy()
  })
}

function jsonHeaders(length: number): Record<string, string> {
  return {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(length),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  }
}
