// What to do after a failed request (../shared/org-api.md, Errors): wait and retry, restart after
// an expired cursor, or stop the stream with a code and a message that names the fix.
import type { ApiFailure } from './org-api-client'

/** Codes a sync run can end with (recorded in sync_runs.error_code). */
export type SyncErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'invalid_request'
  | 'rate_limited'
  | 'server_error'
  | 'network'
  | 'malformed_page'
  | 'response_too_large'
  | 'cursor_stuck'
  | 'organization_mismatch'
  | 'redirected'
  | 'cancelled'

/** The decision for one failure. */
export type RetryDecision =
  | { action: 'retry'; delayMs: number }
  | { action: 'restart'; oldestAvailableAt: number | undefined }
  | { action: 'stop'; code: SyncErrorCode; message: string }

/** Limits of the policy; tests shrink them. */
export type RetryLimits = {
  maxTransientAttempts: number
  maxRateLimitedAttempts: number
  baseDelayMs: number
  maxDelayMs: number
}

/** Defaults: six tries over about half a minute for 5xx and network faults. */
export const defaultRetryLimits: RetryLimits = {
  maxTransientAttempts: 6,
  maxRateLimitedAttempts: 30,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
}

/** Capped exponential backoff with jitter: between half and all of min(max, base·2^(attempt−1)). */
export function backoffDelay(attempt: number, limits: RetryLimits, random: () => number): number {
  const ceiling = Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling * (0.5 + random() * 0.5))
}

/** Decides after the `attempt`-th consecutive failure of the same request. */
export function decide(
  failure: ApiFailure,
  attempt: number,
  limits: RetryLimits,
  random: () => number,
): RetryDecision {
  switch (failure.kind) {
    case 'cancelled':
      return {
        action: 'stop',
        code: 'cancelled',
        message: 'The sync was cancelled. Everything received so far is kept.',
      }
    case 'too_large':
      return { action: 'stop', code: 'response_too_large', message: failure.message }
    case 'redirect':
      return { action: 'stop', code: 'redirected', message: failure.message }
    case 'network':
      return transient(
        attempt,
        limits,
        random,
        'network',
        `The server could not be reached (${failure.message}).`,
      )
    case 'http':
      return decideHttp(failure, attempt, limits, random)
  }
}

function decideHttp(
  failure: Extract<ApiFailure, { kind: 'http' }>,
  attempt: number,
  limits: RetryLimits,
  random: () => number,
): RetryDecision {
  const said = `The server said: ${failure.message}`
  if (failure.status === 401) {
    return stop(
      'unauthorized',
      `The API key was refused (401): it is missing, wrong or revoked. Create a new key with the audit_logs:read scope and update the connection. ${said}`,
    )
  }
  if (failure.status === 403) {
    return stop(
      'forbidden',
      `The API key lacks the audit_logs:read scope (403). Give the key that scope, or create one that has it. ${said}`,
    )
  }
  if (failure.status === 404 || failure.status === 405) {
    return stop(
      'not_found',
      `The server has no such endpoint (${failure.status}). Check the API base URL. ${said}`,
    )
  }
  if (failure.status === 410)
    return { action: 'restart', oldestAvailableAt: failure.oldestAvailableAt }
  if (failure.status === 429) {
    if (attempt > limits.maxRateLimitedAttempts) {
      return stop(
        'rate_limited',
        `The server kept answering 429 (rate limited) ${attempt} times in a row. Try again later.`,
      )
    }
    return {
      action: 'retry',
      delayMs: failure.retryAfterMs ?? backoffDelay(attempt, limits, random),
    }
  }
  if (failure.status >= 500) {
    const decision = transient(
      attempt,
      limits,
      random,
      'server_error',
      `The server kept failing (HTTP ${failure.status}). ${said}`,
    )
    return decision.action === 'retry' && failure.retryAfterMs !== undefined
      ? { action: 'retry', delayMs: failure.retryAfterMs }
      : decision
  }
  return stop(
    'invalid_request',
    `The server refused the request (HTTP ${failure.status}, ${failure.code}). ${said}`,
  )
}

function transient(
  attempt: number,
  limits: RetryLimits,
  random: () => number,
  code: SyncErrorCode,
  message: string,
): RetryDecision {
  if (attempt >= limits.maxTransientAttempts)
    return stop(code, `${message} Gave up after ${attempt} attempts; run the sync again later.`)
  return { action: 'retry', delayMs: backoffDelay(attempt, limits, random) }
}

function stop(code: SyncErrorCode, message: string): RetryDecision {
  return { action: 'stop', code, message }
}
