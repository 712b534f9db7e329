import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findDataItems, itemText } from './json-spans'

const texts = (text: string) => {
  const spans = findDataItems(text)
  return spans?.map((span) => itemText(text, span))
}

describe('findDataItems', () => {
  it('finds each item of the data array, whatever the other keys hold', () => {
    const text =
      '{"next_cursor":"c]}\\"","x":[{"data":[9]}],"data":[{"a":"}\\\\"},[1,[2]],"s",12,true,null],"has_more":false}'
    expect(texts(text)).toEqual(['{"a":"}\\\\"}', '[1,[2]]', '"s"', '12', 'true', 'null'])
  })

  it('keeps the spelling of numbers and escapes as received', () => {
    const text = '{"data":[{"n":1.0,"big":1e400,"e":"\\u00e9","slash":"\\/"}]}'
    expect(texts(text)).toEqual(['{"n":1.0,"big":1e400,"e":"\\u00e9","slash":"\\/"}'])
  })

  it('removes whitespace between tokens but not inside strings', () => {
    const text = '{ "data" : [ { "a" : "x  y\\n" ,\n\t"b" : [ 1 , 2 ] } ,\r\n 3 ] }'
    expect(texts(text)).toEqual(['{"a":"x  y\\n","b":[1,2]}', '3'])
  })

  it('takes the last data key, as JSON.parse does, including an escaped spelling', () => {
    expect(texts('{"data":[1],"d\\u0061ta":[2,3]}')).toEqual(['2', '3'])
    expect(texts('{"data":[1],"data":{"x":[2]}}')).toBeUndefined()
    expect(texts('{"data":[]}')).toEqual([])
    expect(texts('[{"data":[1]}]')).toBeUndefined()
    expect(texts('{"other":[1]}')).toBeUndefined()
  })

  it('flags number tokens that may exceed ±2^53', () => {
    const flags = (item: string) => findDataItems(`{"data":[${item}]}`)?.[0]?.hasLongNumber
    expect(flags('{"n":9007199254740993}')).toBe(true)
    expect(flags('{"n":-900719925474099}')).toBe(true)
    expect(flags('{"n":1e3}')).toBe(true)
    expect(flags('{"n":2E-1}')).toBe(true)
    expect(flags('{"n":123456789012345,"t":true,"f":false,"s":"1e400"}')).toBe(false)
  })

  it('round-trips any JSON, compact or pretty-printed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 8 }),
        fc.jsonValue(),
        fc.constantFrom(undefined, 1, 2, '\t'),
        (data, other, indent) => {
          const text = JSON.stringify({ before: other, data, after: other }, null, indent)
          const found = texts(text)
          expect(found).toEqual(data.map((item) => JSON.stringify(item)))
        },
      ),
      { numRuns: 2_000 },
    )
  })
})
