import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { displaySegments, displayText, escapeFor, isNeutralised } from './display-text'

const bidiControls = [
  0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c,
]

/** Turns segments back into the original string by decoding each escape. */
function restore(value: string): string {
  return value.replace(/⟨U\+([0-9A-F]{4,6})⟩/g, (_match, hex: string) =>
    String.fromCodePoint(Number.parseInt(hex, 16)),
  )
}

describe('displayText', () => {
  it('shows every bidi control character as a visible escape', () => {
    for (const codePoint of bidiControls) {
      const value = `a${String.fromCodePoint(codePoint)}b`
      expect(displayText(value)).toBe(`a${escapeFor(codePoint)}b`)
    }
    expect(displayText('invoice\u202Etxt.exe')).toBe('invoice⟨U+202E⟩txt.exe')
  })

  it('shows zero-width, control and tag characters that could make two values look alike', () => {
    expect(displayText('admin\u200B@example.com')).toBe('admin⟨U+200B⟩@example.com')
    expect(displayText('a\u0000b\tc\r\nd')).toBe('a⟨U+0000⟩b⟨U+0009⟩c⟨U+000D⟩⟨U+000A⟩d')
    expect(displayText('\uFEFFx')).toBe('⟨U+FEFF⟩x')
    expect(displayText('x\u{E0041}')).toBe('x⟨U+E0041⟩')
    expect(displayText('lone \uD800 half')).toBe('lone ⟨U+D800⟩ half')
  })

  it('keeps ordinary text, including right-to-left scripts and emoji, as it is', () => {
    expect(displayText('Zoë 山田 שלום مرحبا 🙂')).toBe('Zoë 山田 שלום مرحبا 🙂')
    expect(displaySegments('plain')).toEqual([{ text: 'plain', isEscape: false }])
  })

  it('keeps line breaks only when asked to', () => {
    expect(displayText('one\ntwo', { keepLineBreaks: true })).toBe('one\ntwo')
    expect(displayText('one\ntwo')).toBe('one⟨U+000A⟩two')
    expect(isNeutralised(0x0a, { keepLineBreaks: true })).toBe(false)
    expect(isNeutralised(0x202e, { keepLineBreaks: true })).toBe(true)
  })

  it('marks which runs are escapes so they can be styled apart from the value', () => {
    expect(displaySegments('a\u202Eb')).toEqual([
      { text: 'a', isEscape: false },
      { text: '⟨U+202E⟩', isEscape: true },
      { text: 'b', isEscape: false },
    ])
  })

  it('shows null as empty and numbers as written', () => {
    expect(displayText(null)).toBe('')
    expect(displayText(undefined)).toBe('')
    expect(displayText(404)).toBe('404')
    expect(displayText(0)).toBe('0')
  })

  it('truncates long values without splitting a surrogate pair', () => {
    expect(displayText('abcdef', { maxLength: 3 })).toBe('abc…')
    expect(displayText('ab🙂cd', { maxLength: 3 })).toBe('ab…')
    expect(displayText('abc', { maxLength: 3 })).toBe('abc')
  })

  it('never lets a neutralised character through, whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (value) => {
        for (const segment of displaySegments(value)) {
          if (segment.isEscape) continue
          for (const char of segment.text) {
            expect(isNeutralised(char.codePointAt(0) ?? 0)).toBe(false)
          }
        }
      }),
    )
  })

  it('loses no information: decoding the escapes gives back the stored value (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (value) => {
        fc.pre(!value.includes('⟨U+'))
        expect(restore(displayText(value))).toBe(value)
      }),
    )
  })
})
