import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { copyExact, formatRawJson } from './raw-json'

describe('formatRawJson', () => {
  it('indents objects and arrays for reading', () => {
    expect(formatRawJson('{"a":1,"b":[true,null],"c":{}}')).toBe(
      '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ],\n  "c": {}\n}',
    )
    expect(formatRawJson('[ ]')).toBe('[]')
    expect(formatRawJson(' 42 ')).toBe('42')
  })

  it('keeps big numbers, escapes and duplicate keys exactly as stored', () => {
    const raw = '{"n":12345678901234567890123,"s":"a\\"b\\u202e{,:}","k":1,"k":2,"f":1.0e+3}'
    expect(formatRawJson(raw)).toBe(
      '{\n  "n": 12345678901234567890123,\n  "s": "a\\"b\\u202e{,:}",\n  "k": 1,\n  "k": 2,\n  "f": 1.0e+3\n}',
    )
  })

  it('refuses text that is not JSON', () => {
    expect(formatRawJson('{"a":')).toBeUndefined()
    expect(formatRawJson('')).toBeUndefined()
    expect(formatRawJson('<html>')).toBeUndefined()
  })

  it('means the same JSON as the stored text, for any JSON (property)', () => {
    fc.assert(
      fc.property(fc.json(), (raw) => {
        const formatted = formatRawJson(raw)
        expect(formatted).toBeDefined()
        expect(JSON.parse(formatted ?? 'null')).toEqual(JSON.parse(raw))
      }),
    )
  })

  it('leaves the characters of every string untouched (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const raw = JSON.stringify({ value })
        expect(formatRawJson(raw)).toBe(`{\n  "value": ${JSON.stringify(value)}\n}`)
      }),
    )
  })
})

describe('copyExact', () => {
  it('copies the exact text to the clipboard', async () => {
    const written: string[] = []
    const clipboard = {
      writeText: (text: string) => {
        written.push(text)
        return Promise.resolve()
      },
    }
    await expect(copyExact('{"a" : 1}\n', clipboard)).resolves.toBe('copied')
    expect(written).toEqual(['{"a" : 1}\n'])
  })

  it('reports a missing or refusing clipboard instead of throwing', async () => {
    await expect(copyExact('x', undefined)).resolves.toBe('unavailable')
    const refusing = { writeText: () => Promise.reject(new Error('NotAllowedError')) }
    await expect(copyExact('x', refusing)).resolves.toBe('failed')
  })
})
