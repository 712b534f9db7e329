import { describe, expect, it } from 'vitest'
import type { ApiFailure } from './org-api-client'
import { backoffDelay, decide, defaultRetryLimits } from './retry-policy'

const http = (
  status: number,
  extra: Partial<Extract<ApiFailure, { kind: 'http' }>> = {},
): ApiFailure => ({
  kind: 'http',
  status,
  code: 'x',
  message: 'msg',
  retryAfterMs: undefined,
  oldestAvailableAt: undefined,
  ...extra,
})
const half = () => 0.5

describe('retry policy', () => {
  it('backs off exponentially with jitter, capped', () => {
    const limits = defaultRetryLimits
    expect(backoffDelay(1, limits, () => 1)).toBe(500)
    expect(backoffDelay(3, limits, () => 1)).toBe(2000)
    expect(backoffDelay(3, limits, () => 0)).toBe(1000)
    expect(backoffDelay(20, limits, () => 1)).toBe(30_000)
  })

  it('stops at once on 401 and 403 with a message naming the fix', () => {
    expect(decide(http(401), 1, defaultRetryLimits, half)).toMatchObject({
      action: 'stop',
      code: 'unauthorized',
      message: expect.stringMatching(/Create a new key/) as string,
    })
    expect(decide(http(403), 1, defaultRetryLimits, half)).toMatchObject({
      action: 'stop',
      code: 'forbidden',
      message: expect.stringMatching(/audit_logs:read/) as string,
    })
  })

  it('waits Retry-After on 429 and on 503 when given', () => {
    expect(decide(http(429, { retryAfterMs: 7000 }), 1, defaultRetryLimits, half)).toEqual({
      action: 'retry',
      delayMs: 7000,
    })
    expect(decide(http(503, { retryAfterMs: 1000 }), 2, defaultRetryLimits, half)).toEqual({
      action: 'retry',
      delayMs: 1000,
    })
  })

  it('retries 5xx and network faults, then gives up with the reason', () => {
    expect(decide(http(500), 1, defaultRetryLimits, half).action).toBe('retry')
    expect(
      decide({ kind: 'network', message: 'ECONNRESET' }, 5, defaultRetryLimits, half).action,
    ).toBe('retry')
    expect(
      decide({ kind: 'network', message: 'ECONNRESET' }, 6, defaultRetryLimits, half),
    ).toMatchObject({
      action: 'stop',
      code: 'network',
      message: expect.stringMatching(/ECONNRESET.*Gave up after 6 attempts/) as string,
    })
  })

  it('restarts after 410 with the oldest available instant', () => {
    expect(decide(http(410, { oldestAvailableAt: 5 }), 1, defaultRetryLimits, half)).toEqual({
      action: 'restart',
      oldestAvailableAt: 5,
    })
  })

  it('stops on 400 and 404 with the server message', () => {
    expect(
      decide(http(400, { message: 'limit must be 1..1000' }), 1, defaultRetryLimits, half),
    ).toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/limit must be/) as string,
    })
    expect(decide(http(404), 1, defaultRetryLimits, half)).toMatchObject({ code: 'not_found' })
  })
})
