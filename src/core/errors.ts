import type { ErrorCode } from '../shared/result'

/**
 * An expected failure with a stable code and a message for people (cause and next step).
 * The dispatcher passes code and message across the boundary; anything else becomes `internal`.
 */
export class CoreError extends Error {
  override readonly name = 'CoreError'

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}
