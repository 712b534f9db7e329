// Signed daily digests (the contract's optional integrity endpoints): per stream and UTC day of
// `occurred_at`, the count and SHA-256 of the day's canonical JSON lines in seq order, signed with
// Ed25519 and chained through the previous day's signature.
import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto'
import type { StreamName, StreamStore } from './store'
import { dateText, dayMs } from './time'

/** One signed day, as the digests endpoint lists it. */
export type Digest = {
  stream: StreamName
  date: string
  count: number
  events_sha256: string
  previous_signature: string
  key_id: string
  signature: string
}

/** An Ed25519 key derived from the seed, so a restarted demo publishes the same key. */
export class DigestSigner {
  readonly keyId: string
  readonly publicKeyPem: string
  private readonly privateKey: KeyObject

  /** Derives the key pair from `seed`. */
  constructor(seed: number) {
    const secret = createHash('sha256').update(`audit-desk-demo-signing:${seed}`).digest()
    // PKCS#8 wrapping of a raw 32-byte Ed25519 private key (RFC 8410).
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), secret])
    this.privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
    this.publicKeyPem = createPublicKey(this.privateKey)
      .export({ format: 'pem', type: 'spki' })
      .toString()
    this.keyId = `k_demo_${createHash('sha256').update(this.publicKeyPem).digest('hex').slice(0, 8)}`
  }

  /** Standard base64 Ed25519 signature of `text` (UTF-8). */
  sign(text: string): string {
    return sign(null, Buffer.from(text, 'utf8'), this.privateKey).toString('base64')
  }
}

/** The first day a day is sealed: `now` is at least 48 hours past its start. */
export function lastSealedDay(now: number): number {
  return Math.floor(now / dayMs) - 2
}

/** One stream's chain of signed days, sealed lazily in calendar order from `firstDay`. */
export class DigestChain {
  private readonly digests: Digest[] = []

  /** Signs `store`'s days from `firstDay` on with `signer`. */
  constructor(
    private readonly store: StreamStore,
    private readonly signer: DigestSigner,
    private readonly firstDay: number,
  ) {}

  /** Signs every day sealed at `now` that is not signed yet. */
  sealUpTo(now: number): void {
    const last = lastSealedDay(now)
    for (let day = this.firstDay + this.digests.length; day <= last; day++)
      this.digests.push(this.seal(day))
  }

  /** Signed days between the two UTC day numbers, inclusive (call sealUpTo first). */
  list(fromDay: number, toDay: number): Digest[] {
    const from = Math.max(fromDay - this.firstDay, 0)
    const to = Math.min(toDay - this.firstDay, this.digests.length - 1)
    return from > to ? [] : this.digests.slice(from, to + 1)
  }

  private seal(day: number): Digest {
    const hash = createHash('sha256')
    let count = 0
    for (const row of this.store.dayJson(day)) {
      hash.update(row.json, 'utf8')
      hash.update('\n')
      count += 1
    }
    const eventsSha256 = hash.digest('hex')
    const previous = this.digests[this.digests.length - 1]?.signature ?? ''
    const date = dateText(day)
    const stream = this.store.stream
    const signature = this.signer.sign(`${stream}\n${date}\n${count}\n${eventsSha256}\n${previous}`)
    return {
      stream,
      date,
      count,
      events_sha256: eventsSha256,
      previous_signature: previous,
      key_id: this.signer.keyId,
      signature,
    }
  }
}

/** Per-day counts and id hashes for the stats endpoint, cached until a day changes. */
export class DayStats {
  private readonly cache = new Map<number, { count: number; idsSha256: string }>()

  /** Computes over `store`. */
  constructor(private readonly store: StreamStore) {}

  /** Count and `ids_sha256` of `day`: SHA-256 of the day's ids sorted bytewise, each plus `\n`. */
  of(day: number): { count: number; idsSha256: string } {
    const cached = this.cache.get(day)
    if (cached !== undefined) return cached
    const ids = this.store.dayIds(day)
    const hash = createHash('sha256')
    for (const id of ids) hash.update(`${id}\n`, 'utf8')
    const result = { count: ids.length, idsSha256: hash.digest('hex') }
    this.cache.set(day, result)
    return result
  }

  /** Forgets the cached figures of days that changed. */
  forget(days: Iterable<number>): void {
    for (const day of days) this.cache.delete(day)
  }
}
