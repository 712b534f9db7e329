// Fault injection: the spec string `name=value,name=value`, and the seeded runtime that decides,
// request by request, which fault strikes.
import { Random } from './random'

/** The faults a demo server injects (all off when absent). */
export type DemoFaults = {
  rateLimitPerMinute?: number
  errorRate?: number
  burst429Every?: number
  slowMs?: number
  repeatRate?: number
  revokeAfter?: number
  expireCursorAt?: number
  truncateRate?: number
}

type FaultName = keyof DemoFaults
type ValueKind = 'fraction' | 'positive' | 'count'

const specNames: Readonly<Record<string, readonly [FaultName, ValueKind]>> = {
  'rate-limit': ['rateLimitPerMinute', 'positive'],
  'error-rate': ['errorRate', 'fraction'],
  'burst-429': ['burst429Every', 'positive'],
  slow: ['slowMs', 'count'],
  repeat: ['repeatRate', 'fraction'],
  'revoke-after': ['revokeAfter', 'count'],
  'expire-cursor-at': ['expireCursorAt', 'positive'],
  truncate: ['truncateRate', 'fraction'],
}

const kindText: Readonly<Record<ValueKind, string>> = {
  fraction: 'a number from 0 to 1',
  positive: 'a whole number of at least 1',
  count: 'a whole number of at least 0',
}

/**
 * Parses `name=value,name=value` (names: rate-limit, error-rate, burst-429, slow, repeat,
 * revoke-after, expire-cursor-at, truncate). An empty spec means no faults. Throws an Error
 * naming the offending part on anything else.
 */
export function parseFaults(spec: string): DemoFaults {
  const faults: DemoFaults = {}
  const trimmed = spec.trim()
  if (trimmed === '') return faults
  for (const rawPart of trimmed.split(',')) {
    const part = rawPart.trim()
    const [name = '', value, extra] = part.split('=').map((text) => text.trim())
    const entry = Object.hasOwn(specNames, name) ? specNames[name] : undefined
    if (entry === undefined) {
      throw new Error(
        `Unknown fault "${name}" in "${part}". Known faults: ${Object.keys(specNames).join(', ')}.`,
      )
    }
    if (value === undefined || value === '' || extra !== undefined) {
      throw new Error(`Fault "${part}" must be written ${name}=VALUE.`)
    }
    const [key, kind] = entry
    if (faults[key] !== undefined) throw new Error(`Fault "${name}" is given more than once.`)
    faults[key] = parseValue(value, kind, part)
  }
  return faults
}

function parseValue(value: string, kind: ValueKind, part: string): number {
  const isWhole = /^\d{1,9}$/.test(value)
  const number = Number(value)
  const isValid =
    kind === 'fraction'
      ? /^(?:\d+(?:\.\d+)?|\.\d+)$/.test(value) && number >= 0 && number <= 1
      : isWhole && number >= (kind === 'positive' ? 1 : 0)
  if (!isValid) throw new Error(`Fault "${part}": the value must be ${kindText[kind]}.`)
  return number
}

/** Decides which faults strike; every decision draws from its own seeded stream. */
export class FaultInjector {
  private readonly errors: Random
  private readonly repeats: Random
  private readonly truncations: Random
  private fullKeyUses = 0
  private cursorRequests = 0

  /** Injects `faults`, drawing randomness from `seed`. */
  constructor(
    readonly faults: DemoFaults,
    seed: number,
  ) {
    this.errors = new Random(seed, 'fault-errors')
    this.repeats = new Random(seed, 'fault-repeats')
    this.truncations = new Random(seed, 'fault-truncations')
  }

  /** Counts one use of the full key; true once it has been used more than `revoke-after` times. */
  isFullKeyRevoked(): boolean {
    this.fullKeyUses += 1
    const limit = this.faults.revokeAfter
    return limit !== undefined && this.fullKeyUses > limit
  }

  /** Counts a valid request carrying a cursor; true when it is the `expire-cursor-at`-th. */
  isCursorExpiry(): boolean {
    this.cursorRequests += 1
    return this.cursorRequests === this.faults.expireCursorAt
  }

  /** Whether request number `requestNumber` (1-based) is one of the `burst-429` requests. */
  isBurst(requestNumber: number): boolean {
    const every = this.faults.burst429Every
    return every !== undefined && requestNumber % every === 0
  }

  /** 500 or 503 for a fraction `error-rate` of requests, else null. */
  serverError(): 500 | 503 | null {
    const rate = this.faults.errorRate
    if (rate === undefined || rate === 0) return null
    if (this.errors.next() >= rate) return null
    return this.errors.chance(0.5) ? 500 : 503
  }

  /** How many already-delivered events this page repeats (0 most of the time). */
  repeatCount(): number {
    const rate = this.faults.repeatRate
    if (rate === undefined || rate === 0 || this.repeats.next() >= rate) return 0
    return this.repeats.int(1, 5)
  }

  /** Whether this successful stream response is cut off halfway. */
  isTruncated(): boolean {
    const rate = this.faults.truncateRate
    return rate !== undefined && rate > 0 && this.truncations.next() < rate
  }
}
