// A fixed one-minute window per API key, on the injected clock, feeding the RateLimit-* headers.

/** The state of one caller's window after counting a request. */
export type RateLimitState = {
  limit: number
  remaining: number
  resetSeconds: number
  isExceeded: boolean
}

/** The limit used when no `rate-limit` fault is given: generous, but still reported. */
export const defaultRateLimitPerMinute = 100_000

/** Counts requests per caller per minute. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>()

  /** Allows `limitPerMinute` requests per caller per window. */
  constructor(private readonly limitPerMinute: number) {}

  /** Counts a request of `caller` at `now` and returns the window's state. */
  hit(caller: string, now: number): RateLimitState {
    const start = Math.floor(now / 60_000) * 60_000
    let window = this.windows.get(caller)
    if (window?.start !== start) {
      window = { start, count: 0 }
      this.windows.set(caller, window)
    }
    window.count += 1
    return {
      limit: this.limitPerMinute,
      remaining: Math.max(0, this.limitPerMinute - window.count),
      resetSeconds: Math.max(1, Math.ceil((start + 60_000 - now) / 1000)),
      isExceeded: window.count > this.limitPerMinute,
    }
  }
}

/** The RateLimit-* headers of a window state. */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'RateLimit-Limit': String(state.limit),
    'RateLimit-Remaining': String(state.remaining),
    'RateLimit-Reset': String(state.resetSeconds),
  }
}
