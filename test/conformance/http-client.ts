// The suite's HTTP client. It behaves as the contract tells clients to (waits Retry-After on 429,
// backs off on 500/502/503/504) and shows every response, retried ones included, to observers.

/** One HTTP exchange as the checks see it; `body` is the parsed JSON or undefined. */
export type ApiResponse = {
  method: string
  path: string
  query: string
  status: number
  headers: Headers
  text: string
  body: unknown
}

/** Sees every response the client receives. */
export type ResponseObserver = (response: ApiResponse) => void

/** One request: query parameters, and the Authorization header (null sends none). */
export type RequestOptions = {
  method?: string
  query?: Record<string, string>
  authorization?: string | null
}

/** Sends requests to one server with one default key. */
export interface ApiClient {
  /** Sends a request, retrying 429 and transient 5xx as the contract prescribes. */
  request(path: string, options?: RequestOptions): Promise<ApiResponse>
  /** The Authorization header value for a key. */
  bearer(key: string): string
}

/** What the client needs: server, key, and the injectable effects. */
export type ApiClientOptions = {
  baseUrl: string
  apiKey: string
  observe: ResponseObserver
  fetch?: typeof fetch
  sleep?: (milliseconds: number) => Promise<void>
  random?: () => number
  maxAttempts?: number
}

const transientStatuses = new Set([500, 502, 503, 504])
const maxWaitMilliseconds = 60_000

/** Waits for real; tests inject their own. */
export const realSleep = (milliseconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, milliseconds))

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** How long to wait before retrying, or null when the response must not be retried. */
function retryDelay(response: ApiResponse, attempt: number, random: () => number): number | null {
  const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN)
  if (response.status === 429) {
    return Math.min(Number.isFinite(retryAfter) ? retryAfter * 1000 : 1000, maxWaitMilliseconds)
  }
  if (!transientStatuses.has(response.status)) return null
  if (response.status === 503 && Number.isFinite(retryAfter)) {
    return Math.min(retryAfter * 1000, maxWaitMilliseconds)
  }
  return backoff(attempt, random)
}

/** Exponential backoff with jitter: half the ceiling plus a random part of the other half. */
function backoff(attempt: number, random: () => number): number {
  const ceiling = Math.min(100 * 2 ** attempt, 5_000)
  return ceiling / 2 + random() * (ceiling / 2)
}

/** Creates a client for one server. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? fetch
  const sleep = options.sleep ?? realSleep
  const random = options.random ?? Math.random
  const maxAttempts = options.maxAttempts ?? 8
  const bearer = (key: string) => `Bearer ${key}`

  const once = async (path: string, request: RequestOptions): Promise<ApiResponse> => {
    const url = new URL(path, options.baseUrl)
    const query = new URLSearchParams(request.query ?? {}).toString()
    url.search = query
    const authorization =
      request.authorization === undefined ? bearer(options.apiKey) : request.authorization
    const method = request.method ?? 'GET'
    const headers: Record<string, string> = { accept: 'application/json' }
    if (authorization !== null) headers.authorization = authorization
    const response = await doFetch(url, { method, headers })
    const text = await response.text()
    const result = { method, path, query, status: response.status, headers: response.headers, text }
    const received = { ...result, body: parseBody(text) }
    options.observe(received)
    return received
  }

  // A dropped connection or a cut body is a transport failure: retried like a 5xx.
  const request = async (path: string, request: RequestOptions = {}): Promise<ApiResponse> => {
    for (let attempt = 1; ; attempt += 1) {
      const response = await once(path, request).catch((cause: unknown) => {
        if (attempt >= maxAttempts) throw cause
        return undefined
      })
      const delay =
        response === undefined ? backoff(attempt, random) : retryDelay(response, attempt, random)
      if (response !== undefined && (delay === null || attempt >= maxAttempts)) return response
      await sleep(delay ?? 0)
    }
  }

  return { request, bearer }
}
