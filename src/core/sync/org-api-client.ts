// The HTTP side of the organization API contract (../shared/org-api.md): one GET with the bearer
// key, a capped body, the RateLimit-* headers, and every failure classified for the retry policy.
// The key is sent only in the Authorization header and never appears in a message or log.
import { z } from 'zod'
import { parseRfc3339 } from '../../shared/rfc3339'
import { maxResponseBytes } from './page-parser'

/** What the server said about its rate limit on the last response. */
export type RateLimit = {
  limit: number | undefined
  remaining: number | undefined
  resetSeconds: number | undefined
}

/** Why a request did not produce a usable 200 body. */
export type ApiFailure =
  | {
      kind: 'http'
      status: number
      code: string
      message: string
      retryAfterMs: number | undefined
      oldestAvailableAt: number | undefined
    }
  | { kind: 'network'; message: string }
  | { kind: 'redirect'; message: string }
  | { kind: 'too_large'; message: string }
  | { kind: 'cancelled'; message: string }

/** A 200 body, or the failure, with the rate-limit headers either way. */
export type ApiResponse =
  | { ok: true; body: Uint8Array; rateLimit: RateLimit }
  | { ok: false; failure: ApiFailure; rateLimit: RateLimit }

/** Performs GETs against one organization API. */
export interface OrgApiClient {
  baseUrl: string
  get(pathAndQuery: string, signal?: AbortSignal): Promise<ApiResponse>
}

const errorBody = z.object({
  error: z.object({
    code: z.string().max(64),
    message: z.string().max(2000),
    oldest_available_at: z.string().optional(),
  }),
})

/** How long one request may take, headers and body, before it counts as a network fault. */
export const requestTimeoutMs = 60_000

/** Builds a client for `baseUrl` (already normalised) that authenticates with `apiKey`. */
export function createOrgApiClient(
  baseUrl: string,
  apiKey: string,
  fetchImpl: typeof fetch,
  timeoutMs = requestTimeoutMs,
): OrgApiClient {
  return {
    baseUrl,
    get: async (pathAndQuery, signal) => {
      // A half-open connection must not hang a sync (and its open write batch) forever.
      const timeout = AbortSignal.timeout(timeoutMs)
      const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout])
      const answer = await request(fetchImpl, `${baseUrl}${pathAndQuery}`, apiKey, combined)
      if (!answer.ok && answer.failure.kind === 'cancelled' && signal?.aborted !== true) {
        const failure: ApiFailure = {
          kind: 'network',
          message: `No complete answer within ${timeoutMs / 1000} s.`,
        }
        return { ...answer, failure }
      }
      return answer.ok ? answer : { ...answer, failure: redact(answer.failure, apiKey) }
    },
  }
}

async function request(
  fetchImpl: typeof fetch,
  url: string,
  apiKey: string,
  signal: AbortSignal | undefined,
): Promise<ApiResponse> {
  let response: Response
  try {
    response = await fetchImpl(url, {
      method: 'GET',
      headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' },
      // Never follow a redirect: it would carry the key to wherever the server points.
      redirect: 'manual',
      ...(signal === undefined ? {} : { signal }),
    })
  } catch (error) {
    return { ok: false, failure: transportFailure(error, signal), rateLimit: noRateLimit }
  }
  const rateLimit = readRateLimit(response.headers)
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel()
    return { ok: false, failure: redirectFailure(response), rateLimit }
  }
  const body = await readCapped(response, signal)
  if (!body.ok) return { ok: false, failure: body.failure, rateLimit }
  if (response.status === 200) return { ok: true, body: body.bytes, rateLimit }
  return { ok: false, failure: httpFailure(response, body.bytes), rateLimit }
}

function redirectFailure(response: Response): ApiFailure {
  let target = 'another address'
  try {
    target = new URL(response.headers.get('Location') ?? '', response.url).host || target
  } catch {
    // An unparseable Location: name no host.
  }
  return {
    kind: 'redirect',
    message: `The server redirected (HTTP ${response.status}) to ${target}. Audit Desk does not follow redirects with your API key: use the final API base URL.`,
  }
}

/** Keeps server text short and one line, and never lets it carry the key back into our records. */
function redact(failure: ApiFailure, apiKey: string): ApiFailure {
  const clean = (text: string) => {
    const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
    const short = firstLine.length > 300 ? `${firstLine.slice(0, 300)}…` : firstLine
    return apiKey.length >= 4 ? short.split(apiKey).join('[redacted]') : short
  }
  if (failure.kind === 'http')
    return { ...failure, code: clean(failure.code), message: clean(failure.message) }
  return { ...failure, message: clean(failure.message) }
}

const noRateLimit: RateLimit = { limit: undefined, remaining: undefined, resetSeconds: undefined }

function readRateLimit(headers: Headers): RateLimit {
  return {
    limit: readInteger(headers.get('RateLimit-Limit')),
    remaining: readInteger(headers.get('RateLimit-Remaining')),
    resetSeconds: readInteger(headers.get('RateLimit-Reset')),
  }
}

function readInteger(value: string | null): number | undefined {
  if (value === null || !/^\d{1,9}$/.test(value.trim())) return undefined
  return Number(value.trim())
}

/** Retry-After as milliseconds: delta seconds or an HTTP date; capped at 10 minutes. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined
  const seconds = readInteger(value)
  const ms = seconds !== undefined ? seconds * 1000 : Date.parse(value) - now
  if (Number.isNaN(ms)) return undefined
  return Math.min(Math.max(ms, 0), 10 * 60_000)
}

async function readCapped(
  response: Response,
  signal: AbortSignal | undefined,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; failure: ApiFailure }> {
  const declared = readInteger(response.headers.get('Content-Length'))
  if (declared !== undefined && declared > maxResponseBytes) {
    await response.body?.cancel()
    return {
      ok: false,
      failure: {
        kind: 'too_large',
        message: `The server announced a ${declared}-byte response, over the limit.`,
      },
    }
  }
  const chunks: Uint8Array[] = []
  let total = 0
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader()
  try {
    for (;;) {
      if (reader === undefined) break
      const next = await reader.read()
      if (next.done) break
      total += next.value.byteLength
      if (total > maxResponseBytes) {
        await reader.cancel()
        return {
          ok: false,
          failure: {
            kind: 'too_large',
            message: `The server sent more than ${maxResponseBytes} bytes in one response.`,
          },
        }
      }
      chunks.push(next.value)
    }
  } catch (error) {
    return { ok: false, failure: transportFailure(error, signal) }
  }
  return { ok: true, bytes: Buffer.concat(chunks) }
}

function httpFailure(response: Response, bytes: Uint8Array): ApiFailure {
  let parsed: z.infer<typeof errorBody> | undefined
  try {
    const result = errorBody.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')))
    parsed = result.success ? result.data : undefined
  } catch {
    parsed = undefined
  }
  const oldest = parsed?.error.oldest_available_at
  return {
    kind: 'http',
    status: response.status,
    code: parsed?.error.code ?? `http_${response.status}`,
    message: parsed?.error.message ?? `HTTP ${response.status}`,
    retryAfterMs: parseRetryAfter(response.headers.get('Retry-After'), Date.now()),
    oldestAvailableAt: oldest === undefined ? undefined : parseRfc3339(oldest),
  }
}

function transportFailure(error: unknown, signal: AbortSignal | undefined): ApiFailure {
  if (signal?.aborted === true) return { kind: 'cancelled', message: 'Cancelled.' }
  const cause =
    error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
  const message = error instanceof Error ? `${error.message}${cause}` : String(error)
  return { kind: 'network', message: message.slice(0, 300) }
}
