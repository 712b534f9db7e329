import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { checkDigests, signedMessage, type DigestCheckInput } from './digest-check'
import { dayMs } from './days'
import { emptySha256 } from './hashes'
import type { ServerDigest } from './server-answers'

const { publicKey, privateKey } = generateKeyPairSync('ed25519')
const local = (day: number) => ({ count: day, eventsSha256: `${day}`.padStart(64, '0') })

/** A correct chain over days `first..last`, as a signing server would publish it. */
function chain(first: number, last: number, key = privateKey): ServerDigest[] {
  const digests: ServerDigest[] = []
  for (let day = first; day <= last; day += 1) {
    const { count, eventsSha256 } = local(day)
    const digest = {
      day,
      count,
      eventsSha256,
      previousSignature: digests.at(-1)?.signature ?? '',
      keyId: 'k1',
      signature: '',
    }
    digest.signature = sign(null, Buffer.from(signedMessage('audit-events', digest)), key).toString(
      'base64',
    )
    digests.push(digest)
  }
  return digests
}

function check(digests: ServerDigest[], overrides: Partial<DigestCheckInput> = {}) {
  const outcomes = checkDigests({
    stream: 'audit-events',
    window: { fromDay: 9, toDay: 20 },
    days: { fromDay: 10, toDay: 20 },
    digests,
    keys: new Map<string, KeyObject>([['k1', publicKey]]),
    serverTime: 21 * dayMs - 1,
    local,
    ...overrides,
  })
  return (day: number) => outcomes.get(day)
}

describe('signed daily digests', () => {
  it('accepts a correct chain from the first signed day, and leaves unsealed days absent', () => {
    const outcome = check(chain(10, 18))
    for (let day = 10; day <= 18; day += 1) expect(outcome(day)?.status).toBe('valid')
    expect(outcome(19)).toMatchObject({ status: 'absent', detail: 'not sealed yet' })
  })

  it('accepts a chain whose earlier links lie before the fetched window', () => {
    const outcome = check(chain(5, 18).filter((digest) => digest.day >= 9))
    expect(outcome(10)?.status).toBe('valid')
  })

  it('reports a day before the server’s first signed day as not signed', () => {
    const outcome = check(chain(12, 18))
    expect(outcome(11)).toMatchObject({ status: 'absent', detail: 'not signed by the server' })
    expect(outcome(12)?.status).toBe('valid')
  })

  it('flags a forged signature, and the next day whose link no longer matches', () => {
    const digests = chain(10, 18)
    const forged = digests[3]
    if (forged === undefined) throw new Error('no day')
    forged.signature = chain(10, 18, generateKeyPairSync('ed25519').privateKey)[3]?.signature ?? ''
    const outcome = check(digests)
    expect(outcome(13)).toMatchObject({
      status: 'invalid',
      detail: 'bad signature',
      isContentDifferent: false,
    })
    expect(outcome(14)).toMatchObject({ status: 'invalid', detail: 'broken chain' })
  })

  it('flags a day that is missing from the middle of the chain, and a restarted chain', () => {
    const digests = chain(10, 18).filter((digest) => digest.day !== 14)
    const outcome = check(digests)
    expect(outcome(14)).toMatchObject({ status: 'invalid', detail: 'digest missing' })
    expect(outcome(15)).toMatchObject({ status: 'invalid', detail: 'broken chain' })
    const restarted = [...chain(10, 12), ...chain(13, 18)]
    expect(check(restarted)(13)).toMatchObject({ status: 'invalid', detail: 'broken chain' })
  })

  it('names an unknown key id and a signature that is not base64', () => {
    const digests = chain(10, 18)
    const [first, second] = [digests[0], digests[1]]
    if (first === undefined || second === undefined) throw new Error('no day')
    first.keyId = 'k9'
    second.signature = '!!not base64!!'
    const outcome = check(digests)
    expect(outcome(10)?.detail).toBe('unknown key id "k9"')
    expect(outcome(11)?.detail).toContain('bad signature')
  })

  it('proves the cache differs when a validly signed count or hash disagrees with it', () => {
    const outcome = check(chain(10, 18), {
      local: (day) =>
        day === 12
          ? { count: 12, eventsSha256: emptySha256 }
          : day === 13
            ? { count: 1, eventsSha256: local(13).eventsSha256 }
            : local(day),
    })
    expect(outcome(12)).toMatchObject({
      status: 'invalid',
      detail: 'hash differs',
      isContentDifferent: true,
    })
    expect(outcome(13)?.detail).toBe('count differs (cache 1, signed 13)')
  })
})
