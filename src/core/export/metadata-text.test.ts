import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { metadataText } from './metadata-text'

describe('metadataText', () => {
  it('is the top-level metadata value, parsing to what JSON.parse finds there', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.option(fc.jsonValue(), { nil: undefined }),
        fc.boolean(),
        (others, metadata, isPretty) => {
          const event: Record<string, unknown> = { ...others, nested: { metadata: 'decoy' } }
          delete event.metadata
          if (metadata !== undefined) event.metadata = metadata
          const raw = JSON.stringify(event, null, isPretty ? 2 : undefined)
          const text = metadataText(raw)
          const expected = (JSON.parse(raw) as Record<string, unknown>).metadata
          if (expected === undefined || expected === null) expect(text).toBeNull()
          else expect(JSON.parse(text ?? 'null')).toEqual(expected)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('keeps the value exactly as written: number spellings and escapes', () => {
    expect(metadataText('{"a":"\\"metadata\\":1","metadata":{"n":1.0,"e":"\\u00e9"},"z":[]}')).toBe(
      '{"n":1.0,"e":"\\u00e9"}',
    )
    expect(metadataText('{"metadata":null}')).toBeNull()
    expect(metadataText('{"metadata":12e400}')).toBe('12e400')
  })
})
