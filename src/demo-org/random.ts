// Seeded randomness for the demo organization: the same seed always yields the same organization,
// the same activity and the same faults. Not for secrets (those come from node:crypto).

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** A small fast deterministic generator (sfc32, 128-bit state) with the helpers the demo needs. */
export class Random {
  private a: number
  private b: number
  private c: number
  private d: number

  /** Seeds the generator from an integer seed and a label, so independent streams never overlap. */
  constructor(seed: number, label: string) {
    let h = (seed ^ 0x9e3779b9) >>> 0
    for (let index = 0; index < label.length; index++) {
      h = Math.imul(h ^ label.charCodeAt(index), 0x01000193) >>> 0
    }
    this.a = splitmix(h)
    this.b = splitmix(this.a ^ 0x85ebca6b)
    this.c = splitmix(this.b ^ 0xc2b2ae35)
    this.d = 1
    for (let round = 0; round < 12; round++) this.next()
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0
    this.c = (this.c + t) >>> 0
    return t / 4294967296
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    return this.next() < probability
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)]
    if (item === undefined) throw new Error('Random.pick needs a non-empty list')
    return item
  }

  /** An index chosen with probability proportional to its weight (weights must not all be 0). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0
    for (const weight of weights) total += weight
    let target = this.next() * total
    for (let index = 0; index < weights.length; index++) {
      target -= weights[index] ?? 0
      if (target < 0) return index
    }
    return weights.length - 1
  }

  /** A log-normally distributed value with the given median and spread (sigma of the log). */
  logNormal(median: number, sigma: number): number {
    const u = Math.max(this.next(), 1e-12)
    const v = this.next()
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    return median * Math.exp(sigma * normal)
  }

  /** `count` distinct elements of `items` (or all of them when there are fewer). */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items]
    for (let index = copy.length - 1; index > 0; index--) {
      const other = Math.floor(this.next() * (index + 1))
      const swap = copy[index] as T
      copy[index] = copy[other] as T
      copy[other] = swap
    }
    return copy.slice(0, count)
  }

  /** An identifier `prefix_` + 26 Crockford base-32 characters: 48-bit time, 80 random bits. */
  ulid(prefix: string, time: number): string {
    let text = ''
    let remaining = Math.max(0, Math.floor(time))
    for (let index = 0; index < 10; index++) {
      text = (crockford[remaining % 32] ?? '0') + text
      remaining = Math.floor(remaining / 32)
    }
    for (let index = 0; index < 16; index++) text += crockford[Math.floor(this.next() * 32)] ?? '0'
    return `${prefix}_${text}`
  }

  /** `length` lowercase hexadecimal characters. */
  hex(length: number): string {
    let text = ''
    for (let index = 0; index < length; index++) text += Math.floor(this.next() * 16).toString(16)
    return text
  }
}

function splitmix(value: number): number {
  let z = (value + 0x9e3779b9) >>> 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
  return (z ^ (z >>> 16)) >>> 0
}
