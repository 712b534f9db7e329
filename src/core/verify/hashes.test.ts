import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  canonicalLine,
  compareUtf8,
  DayEventHashes,
  emptySha256,
  idsSha256,
  isSortedUtf8,
} from './hashes'

const byBytes = (left: string, right: string): number =>
  Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'))

// Characters from every range where UTF-16 and UTF-8 orders could disagree.
const alphabet = ['a', 'z', '\u00e9', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uff21', '\uffff']
const astral = ['\u{10000}', '\u{1f600}', '\u{10ffff}']

function randomId(random: () => number): string {
  let id = 'evt_'
  const length = 1 + Math.floor(random() * 4)
  for (let index = 0; index < length; index += 1) {
    const pool = random() < 0.4 ? astral : alphabet
    id += pool[Math.floor(random() * pool.length)] ?? ''
  }
  return id
}

function seeded(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

describe('UTF-8 byte order of ids', () => {
  it('agrees with comparing the UTF-8 bytes for hostile ids', () => {
    const random = seeded(42)
    for (let round = 0; round < 2000; round += 1) {
      const [left, right] = [randomId(random), randomId(random)]
      expect(Math.sign(compareUtf8(left, right))).toBe(Math.sign(byBytes(left, right)))
    }
  })

  it('puts an astral character after U+FF21, where the default sort puts it before', () => {
    const ids = ['evt_\u{1f600}', 'evt_\uff21']
    expect([...ids].sort()).toEqual(ids)
    expect([...ids].sort(compareUtf8)).toEqual(['evt_\uff21', 'evt_\u{1f600}'])
    expect(isSortedUtf8(ids)).toBe(false)
  })

  it('hashes the ids in byte order, each followed by a newline, whatever order they come in', () => {
    const sorted = ['a', 'evt_\uff21', 'evt_\u{1f600}']
    const expected = createHash('sha256')
      .update(sorted.map((id) => `${id}\n`).join(''))
      .digest('hex')
    expect(idsSha256(sorted)).toBe(expected)
    expect(idsSha256(['evt_\u{1f600}', 'a', 'evt_\uff21'])).toBe(expected)
    expect(idsSha256([])).toBe(emptySha256)
  })
})

describe('events_sha256 of several days at once', () => {
  it('hashes each day’s canonical JSON lines in arrival order, independent of key order and spacing', () => {
    const hashes = new DayEventHashes()
    hashes.add(1, '{"seq":1,"id":"a"}')
    hashes.add(2, '{"id":"b","seq":2}')
    hashes.add(1, '{ "seq": 3, "id": "c", "n": 1.0 }')
    const lines = '{"id":"a","seq":1}\n{"id":"c","n":1,"seq":3}\n'
    expect(hashes.result(1)).toEqual({
      count: 2,
      eventsSha256: createHash('sha256').update(lines).digest('hex'),
    })
    expect(hashes.result(3)).toEqual({ count: 0, eventsSha256: emptySha256 })
  })

  it('hashes the stored text as is in the fast pass', () => {
    const hashes = new DayEventHashes(false)
    hashes.add(1, '{ "b": 1, "a": 2 }')
    const expected = createHash('sha256').update('{ "b": 1, "a": 2 }\n').digest('hex')
    expect(hashes.result(1)).toEqual({ count: 1, eventsSha256: expected })
  })

  it('never lets an unparsable row hash like a valid one', () => {
    const broken = new DayEventHashes()
    broken.add(1, '{"id":')
    const empty = new DayEventHashes()
    expect(broken.result(1).count).toBe(1)
    expect(broken.result(1).eventsSha256).not.toBe(empty.result(1).eventsSha256)
  })
})

describe('RFC 8785 canonical JSON lines', () => {
  it('writes members sorted by UTF-16 code units and numbers in ECMAScript form', () => {
    expect(
      canonicalLine('{"b":1.0,"\u00e9":2,"a":[1e21,-0,0.5],"\ud83d\ude00":3,"\uff21":4}'),
    ).toBe('{"a":[1e+21,0,0.5],"b":1,"é":2,"\u{1f600}":3,"\uff21":4}')
  })

  it('refuses a lone surrogate, as JCS does', () => {
    expect(canonicalLine('{"id":"\\ud800"}')).toBeUndefined()
    expect(canonicalLine('{"id":"\\ud83d\\ude00"}')).toBe('{"id":"\u{1f600}"}')
  })
})
