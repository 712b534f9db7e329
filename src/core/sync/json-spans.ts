// Finds where each event of a page lies in the page's text, so the cache keeps every event's JSON
// exactly as the server wrote it (its escapes and number spellings: `1.0`, `1e400`, `"\u00e9"`),
// not a re-serialisation of what JSON.parse made of it. Runs only on text that JSON.parse has
// already accepted, so it needs no error handling of its own: it tracks strings and nesting, and
// skips string contents with indexOf.

/** One item of the envelope's `data` array. */
export type ItemSpan = {
  start: number
  end: number
  /** Whitespace between the item's tokens (a pretty-printing server): removed when stored. */
  hasWhitespace: boolean
  /** A number token long enough, or with an exponent, to possibly exceed ±2^53. */
  hasLongNumber: boolean
}

const quote = 34
const backslash = 92
const openBrace = 123
const closeBrace = 125
const openBracket = 91
const closeBracket = 93
const comma = 44
const colon = 58

const isWhitespace = (code: number): boolean =>
  code === 32 || code === 10 || code === 13 || code === 9

/** Number tokens this long may not survive JSON.parse (2^53 has 16 digits). */
const longNumber = 16

/** The index just past the string that starts at `start` (its opening quote). */
function endOfString(text: string, start: number): number {
  let from = start + 1
  for (;;) {
    const close = text.indexOf('"', from)
    if (close < 0) return text.length // unreachable for text JSON.parse accepted
    let backslashes = 0
    while (text.charCodeAt(close - 1 - backslashes) === backslash) backslashes++
    if (backslashes % 2 === 0) return close + 1
    from = close + 1
  }
}

function skipWhitespace(text: string, index: number): number {
  let at = index
  while (isWhitespace(text.charCodeAt(at))) at++
  return at
}

type ValueFlags = { hasWhitespace: boolean; hasLongNumber: boolean }

/** The index just past the value that starts at `start`, noting what `flags` asks about. */
function endOfValue(text: string, start: number, flags: ValueFlags): number {
  let depth = 0
  let index = start
  while (index < text.length) {
    const code = text.charCodeAt(index)
    if (code === quote) {
      index = endOfString(text, index)
      if (depth === 0) return index
    } else if (code === openBrace || code === openBracket) {
      depth++
      index++
    } else if (code === closeBrace || code === closeBracket) {
      depth--
      index++
      if (depth === 0) return index
    } else if (isWhitespace(code)) {
      flags.hasWhitespace = true
      index++
    } else if (code === comma || code === colon) {
      index++
    } else {
      // A number or a literal (true, false, null).
      const tokenStart = index
      let hasExponent = false
      while (index < text.length) {
        const next = text.charCodeAt(index)
        if (
          next === comma ||
          next === closeBrace ||
          next === closeBracket ||
          next === colon ||
          isWhitespace(next)
        ) {
          break
        }
        if ((next | 32) === 101 && code !== 116 && code !== 102) hasExponent = true // e or E in a number
        index++
      }
      if (hasExponent || index - tokenStart >= longNumber) flags.hasLongNumber = true
      if (depth === 0) return index
    }
  }
  return index
}

/** The items of one array value starting at `start` (its `[`). */
function arrayItems(text: string, start: number): { items: ItemSpan[]; end: number } {
  const items: ItemSpan[] = []
  let index = skipWhitespace(text, start + 1)
  if (text.charCodeAt(index) === closeBracket) return { items, end: index + 1 }
  while (index < text.length) {
    const flags: ValueFlags = { hasWhitespace: false, hasLongNumber: false }
    const end = endOfValue(text, index, flags)
    items.push({ start: index, end, ...flags })
    index = skipWhitespace(text, end)
    if (text.charCodeAt(index) === comma) index = skipWhitespace(text, index + 1)
    else return { items, end: index + 1 } // the closing bracket
  }
  return { items, end: index }
}

/**
 * The spans of the items of the top-level object's `data` array (the last `data` key wins, as in
 * JSON.parse), or undefined when the text is not an object with a `data` array.
 */
export function findDataItems(text: string): ItemSpan[] | undefined {
  let index = skipWhitespace(text, 0)
  if (text.charCodeAt(index) !== openBrace) return undefined
  index = skipWhitespace(text, index + 1)
  let found: ItemSpan[] | undefined
  const ignored: ValueFlags = { hasWhitespace: false, hasLongNumber: false }
  while (index < text.length && text.charCodeAt(index) === quote) {
    const keyEnd = endOfString(text, index)
    const key = text.slice(index, keyEnd)
    const isData = key === '"data"' || (key.includes('\\') && JSON.parse(key) === 'data')
    index = skipWhitespace(text, keyEnd)
    index = skipWhitespace(text, index + 1) // past the colon
    if (isData) {
      if (text.charCodeAt(index) === openBracket) {
        const array = arrayItems(text, index)
        found = array.items
        index = array.end
      } else {
        found = undefined
        index = endOfValue(text, index, ignored)
      }
    } else {
      index = endOfValue(text, index, ignored)
    }
    index = skipWhitespace(text, index)
    if (text.charCodeAt(index) === comma) index = skipWhitespace(text, index + 1)
  }
  return found
}

/** The item's text without whitespace between tokens (string contents are left as they are). */
export function itemText(text: string, span: ItemSpan): string {
  if (!span.hasWhitespace) return text.slice(span.start, span.end)
  let compact = ''
  let index = span.start
  let runStart = index
  while (index < span.end) {
    const code = text.charCodeAt(index)
    if (code === quote) {
      index = endOfString(text, index)
    } else if (isWhitespace(code)) {
      compact += text.slice(runStart, index)
      while (index < span.end && isWhitespace(text.charCodeAt(index))) index++
      runStart = index
    } else {
      index++
    }
  }
  return compact + text.slice(runStart, span.end)
}
