// Log strings are attacker-controlled. Before they reach the screen, every character that is
// invisible or that changes the direction of the surrounding text is replaced by a visible escape
// (⟨U+202E⟩), so a value can neither reorder a row nor pass for a different value.

/** A run of text to render: either the value's own characters or a visible escape. */
export type TextSegment = { text: string; isEscape: boolean }

/** Options of displayText and displaySegments. */
export type DisplayOptions = {
  /** Keep U+000A as a real line break (detail fields); the table escapes it like any control. */
  keepLineBreaks?: boolean
  /** Cut the value after this many UTF-16 units and add an ellipsis (table cells). */
  maxLength?: number
}

const ranges: readonly (readonly [number, number])[] = [
  [0x0000, 0x001f], // C0 controls, including tab, line feed and carriage return
  [0x007f, 0x009f], // DEL and C1 controls
  [0x00ad, 0x00ad], // soft hyphen
  [0x061c, 0x061c], // Arabic letter mark
  [0x180e, 0x180e], // Mongolian vowel separator
  [0x200b, 0x200f], // zero-width space, non-joiner, joiner; left-to-right and right-to-left marks
  [0x2028, 0x202e], // line and paragraph separators; bidi embeddings and overrides
  [0x2060, 0x2064], // word joiner and invisible operators
  [0x2066, 0x206f], // bidi isolates and deprecated format characters
  [0xd800, 0xdfff], // surrogates that are not part of a pair
  [0xfeff, 0xfeff], // zero-width no-break space (byte order mark)
  [0xfff9, 0xfffb], // interlinear annotation
  [0xe0000, 0xe007f], // tag characters, invisible "ASCII smuggling"
]

/** Whether a code point is shown as an escape rather than as itself. */
export function isNeutralised(codePoint: number, options: DisplayOptions = {}): boolean {
  if (codePoint >= 0x20 && codePoint < 0x7f) return false
  if (codePoint === 0x0a && options.keepLineBreaks === true) return false
  return ranges.some(([first, last]) => codePoint >= first && codePoint <= last)
}

/** The visible stand-in for a neutralised code point, e.g. ⟨U+202E⟩. */
export function escapeFor(codePoint: number): string {
  return `⟨U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}⟩`
}

/** A log string as runs of plain text and visible escapes; plain runs never hold a neutralised character. */
export function displaySegments(value: string, options: DisplayOptions = {}): TextSegment[] {
  const text = truncate(value, options.maxLength)
  const segments: TextSegment[] = []
  let plainStart = 0
  let index = 0
  while (index < text.length) {
    const codePoint = text.codePointAt(index) ?? 0
    const width = codePoint > 0xffff ? 2 : 1
    if (isNeutralised(codePoint, options)) {
      if (index > plainStart)
        segments.push({ text: text.slice(plainStart, index), isEscape: false })
      segments.push({ text: escapeFor(codePoint), isEscape: true })
      plainStart = index + width
    }
    index += width
  }
  if (text.length > plainStart) segments.push({ text: text.slice(plainStart), isEscape: false })
  if (text.length < value.length) segments.push({ text: '…', isEscape: false })
  return segments
}

function truncate(value: string, maxLength: number | undefined): string {
  if (maxLength === undefined || value.length <= maxLength) return value
  const code = value.charCodeAt(maxLength - 1)
  // Never cut a surrogate pair in half: the lone half would show up as an escape.
  const end = code >= 0xd800 && code <= 0xdbff ? maxLength - 1 : maxLength
  return value.slice(0, Math.max(0, end))
}

/** A column value as safe display text: null is empty, numbers are plain, strings are neutralised. */
export function displayText(
  value: string | number | null | undefined,
  options: DisplayOptions = {},
): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return String(value)
  return displaySegments(value, options)
    .map((segment) => segment.text)
    .join('')
}
