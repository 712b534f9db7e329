// The verification's public types: what a host asks for and what it gets back.
import type { StreamName } from '../sync/page-parser'
import type { SyncErrorCode } from '../sync/retry-policy'

/** Why verification of a stream (or of the whole request) could not be done. */
export type VerifyError = {
  code: SyncErrorCode | 'malformed_answer' | 'unknown_connection' | 'invalid_range'
  message: string
}

/** One request: a connection, the server it was synced from, and which days of which streams. */
export type VerifyRequest = {
  connectionId: string
  baseUrl: string
  apiKey: string
  streams: readonly StreamName[]
  /** First day, `YYYY-MM-DD` (UTC); default the day of the oldest cached event of the stream. */
  from?: string
  /** Last day, `YYYY-MM-DD` (UTC); default today by the host's clock. */
  to?: string
  signal?: AbortSignal
}

/** The outcome of one day, as stored in day_verifications. */
export type DayVerification = {
  day: string
  status: 'verified' | 'mismatched' | 'unverified'
  localCount: number
  serverCount: number | null
  localIdsSha256: string
  serverIdsSha256: string | null
  digestStatus: 'valid' | 'invalid' | 'absent'
  digestDetail: string | null
}

/** Day counts of one verified stream. */
export type VerifySummary = Record<DayVerification['status'], number> & {
  digestValid: number
  digestInvalid: number
  digestAbsent: number
}

/** The outcome of one stream: every day of the range, or why it could not be verified. */
export type StreamVerification =
  | {
      stream: StreamName
      ok: true
      from: string | null
      to: string | null
      isSigned: boolean
      days: DayVerification[]
      summary: VerifySummary
    }
  | { stream: StreamName; ok: false; error: VerifyError }

/** The outcome of a request. */
export type VerifyResult =
  | { ok: true; connectionId: string; streams: StreamVerification[] }
  | { ok: false; error: VerifyError }
