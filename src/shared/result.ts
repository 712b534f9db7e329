/** Error codes that cross the boundary. Hosts and the renderer branch on these, never on text. */
export const errorCodes = [
  'invalid_input',
  'unknown_method',
  'unauthorized',
  'forbidden',
  'not_found',
  'database_unavailable',
  'database_corrupt',
  'database_schema_mismatch',
  'database_locked',
  'cancelled',
  'busy',
  'host_unreachable',
  'export_write_failed',
  'pack_invalid',
  'internal',
] as const

/** One of the documented error codes. */
export type ErrorCode = (typeof errorCodes)[number]

/** An error as data: a stable code and one sentence for people, naming the cause and next step. */
export type BoundaryError = { code: ErrorCode; message: string }

/** Every call across the boundary resolves to this; it never rejects with a stack trace. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: BoundaryError }

/** Builds a successful result. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value })

/** Builds a failed result. */
export const fail = <T = never>(code: ErrorCode, message: string): Result<T> => ({
  ok: false,
  error: { code, message },
})
