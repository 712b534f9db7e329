// Paging cursors: base64url of a tiny JSON position (stream and last delivered seq) plus a
// truncated HMAC-SHA256, so an edited or forged cursor is detected and answered with 400.
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { StreamName } from './store'

/** The longest cursor the contract allows a client to send. */
export const maxCursorLength = 512

/** Decoding a cursor: the position it names, or why it is not acceptable. */
export type CursorResult = { ok: true; seq: number } | { ok: false; message: string }

/** Encodes and verifies cursors with one secret. */
export class CursorCodec {
  /** `secret` keys the HMAC; cursors made with another secret are rejected. */
  constructor(private readonly secret: Buffer) {}

  /** The cursor naming "after `seq` in `stream`". */
  encode(stream: StreamName, seq: number): string {
    const payload = Buffer.from(JSON.stringify({ s: stream, q: seq }), 'utf8').toString('base64url')
    return `${payload}.${this.tag(payload)}`
  }

  /** Verifies a client's cursor for `stream`. Never throws. */
  decode(text: string, stream: StreamName): CursorResult {
    if (text.length > maxCursorLength) {
      return { ok: false, message: `cursor is longer than ${maxCursorLength} characters` }
    }
    const [payload, tag, extra] = text.split('.')
    if (
      payload === undefined ||
      tag === undefined ||
      extra !== undefined ||
      !this.isAuthentic(payload, tag)
    ) {
      return {
        ok: false,
        message: 'cursor is not a cursor this server issued (pass next_cursor back unchanged)',
      }
    }
    const position = parsePosition(Buffer.from(payload, 'base64url').toString('utf8'))
    if (position === null) return { ok: false, message: 'cursor is malformed' }
    if (position.stream !== stream) {
      return {
        ok: false,
        message: `cursor belongs to the ${position.stream} stream, not ${stream}`,
      }
    }
    return { ok: true, seq: position.seq }
  }

  private tag(payload: string): string {
    return createHmac('sha256', this.secret)
      .update(payload)
      .digest()
      .subarray(0, 16)
      .toString('base64url')
  }

  private isAuthentic(payload: string, tag: string): boolean {
    const expected = Buffer.from(this.tag(payload), 'utf8')
    const given = Buffer.from(tag, 'utf8')
    return expected.length === given.length && timingSafeEqual(expected, given)
  }
}

function parsePosition(text: string): { stream: string; seq: number } | null {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null || !('s' in value) || !('q' in value))
      return null
    const { s: stream, q: seq } = value
    if (
      typeof stream !== 'string' ||
      typeof seq !== 'number' ||
      !Number.isSafeInteger(seq) ||
      seq < 0
    )
      return null
    return { stream, seq }
  } catch {
    return null
  }
}
