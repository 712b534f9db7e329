// Checks that hold for every response of the run, judged as responses arrive: the RateLimit-*
// headers, the error body shape (no stack traces), and the OpenAPI response schemas.
import type { ApiResponse } from './http-client'
import { createResponseValidator, isJsonObject, type ResponseValidator } from './openapi-schemas'
import { Findings, skip, type CheckResult } from './report'

/** Watches every response and turns what it saw into checks at the end of the run. */
export type Observers = { observe: (response: ApiResponse) => void; results: () => CheckResult[] }

const rateLimitHeaders = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']

const codeByStatus: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  410: 'cursor_expired',
  429: 'rate_limited',
}

// A stack frame ("at fn (file.js:1:2)"), an internal module, or a source file with a line number.
const stackTracePattern = /\n\s*at\s|\bat\s+\S+\s+\(.*:\d+:\d+\)|node:internal|\.(?:[cm]?js|ts):\d+/

const describeRequest = (response: ApiResponse): string =>
  `${response.method} ${response.path}${response.query === '' ? '' : `?${response.query}`}`.slice(
    0,
    160,
  )

const errorBodyCheckName =
  'error bodies are {"error":{"code","message"}} with the right code and no stack traces'

/** Judges one error response's body. */
function judgeErrorBody(response: ApiResponse, findings: Findings): void {
  const where = `${describeRequest(response)} (${response.status})`
  const error = isJsonObject(response.body) ? response.body.error : undefined
  if (!isJsonObject(error) || typeof error.code !== 'string' || typeof error.message !== 'string') {
    findings.add(`${where}: body is not {"error":{"code","message"}}`)
    return
  }
  const expected = codeByStatus[response.status]
  if (expected !== undefined && error.code !== expected) {
    findings.add(`${where}: code ${error.code}, expected ${expected}`)
  }
  if (stackTracePattern.test(response.text) || 'stack' in error) {
    findings.add(`${where}: the body carries a stack trace or a source path`)
  }
  if (response.status === 410 && typeof error.oldest_available_at !== 'string') {
    findings.add(`${where}: a 410 without error.oldest_available_at`)
  }
  if (response.status === 429 && !response.headers.has('retry-after')) {
    findings.add(`${where}: a 429 without Retry-After`)
  }
}

/** Creates the observers; `validator` defaults to one compiled from docs/org-api.openapi.yaml. */
export function createObservers(
  validator: ResponseValidator = createResponseValidator(),
): Observers {
  const headers = new Findings()
  const errors = new Findings()
  const schemas = new Findings()
  let responses = 0
  let errorResponses = 0
  const observe = (response: ApiResponse) => {
    responses += 1
    const missing = rateLimitHeaders.filter(
      (name) => !/^\d+$/.test(response.headers.get(name)?.trim() ?? ''),
    )
    if (missing.length > 0) {
      headers.add(`${describeRequest(response)} (${response.status}): ${missing.join(', ')}`)
    }
    if (response.status >= 400) {
      errorResponses += 1
      judgeErrorBody(response, errors)
    }
    const verdict = validator({ ...response, body: response.body })
    if (!verdict.isValid) {
      schemas.add(`${describeRequest(response)} (${response.status}): ${verdict.errors.join(', ')}`)
    }
  }
  const results = () => [
    headers.toResult(
      'every response carries integer RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset',
      `${responses} responses`,
    ),
    errorResponses === 0
      ? skip(errorBodyCheckName, 'no error responses were seen')
      : errors.toResult(errorBodyCheckName, `${errorResponses} error responses`),
    schemas.toResult(
      'every response matches docs/org-api.openapi.yaml (ajv, JSON Schema 2020-12)',
      `${responses} responses validated`,
    ),
  ]
  return { observe, results }
}
