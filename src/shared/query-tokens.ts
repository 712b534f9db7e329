// The query bar's lexical layer: splits text into words, quoted phrases and `name:value`
// qualifiers (each optionally negated by a leading `-`), and writes values back with the quoting
// that reads them the same way. It never throws: problems become errors with their position.

/** A problem in the query text, `start`..`end` (UTF-16 offsets, end exclusive). */
export type QueryError = { message: string; start: number; end: number }

/** One piece of a query. `start`..`end` covers the whole token, `-` included. */
export type QueryToken =
  | { kind: 'word' | 'phrase'; isNegated: boolean; text: string; start: number; end: number }
  | {
      kind: 'qualifier'
      isNegated: boolean
      name: string
      value: string
      start: number
      end: number
    }

const isSpace = (character: string): boolean => /^\s$/.test(character)
const isControl = (character: string): boolean => /^\p{Cc}$/u.test(character)
const qualifierName = /[A-Za-z_][A-Za-z0-9_-]*:/y

/** Shows user text inside a message: bounded, control characters replaced. */
export function quoteForMessage(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text
  return `"${shown.replace(/\p{Cc}/gu, '?')}"`
}

/** A column for messages (1-based). */
export const column = (offset: number): string => `column ${String(offset + 1)}`

/** Writes a value bare when it reads back unchanged, else in double quotes with `\"` and `\\`. */
export function quoteValue(value: string): string {
  if (/^[^\s"\\]+$/.test(value)) return value
  return quotePhrase(value)
}

/** Always quotes (a phrase, or a value that must not read as a bare word). */
export const quotePhrase = (value: string): string => `"${value.replace(/[\\"]/g, '\\$&')}"`

type Read = { value: string; end: number; error?: QueryError }

/** Reads a double-quoted string at `start` (which holds `"`); `\"` and `\\` are escapes. */
function readQuoted(text: string, start: number): Read {
  let value = ''
  let index = start + 1
  let error: QueryError | undefined
  while (index < text.length) {
    const character = text.charAt(index)
    const next = text.charAt(index + 1)
    if (character === '"')
      return error === undefined ? { value, end: index + 1 } : { value, end: index + 1, error }
    if (character === '\\' && (next === '"' || next === '\\')) {
      value += next
      index += 2
      continue
    }
    if (isControl(character))
      error ??= { message: `A control character at ${column(index)}`, start: index, end: index + 1 }
    value += character
    index++
  }
  return {
    value,
    end: text.length,
    error: {
      message: `A quote opened at ${column(start)} is never closed`,
      start,
      end: text.length,
    },
  }
}

/** Reads a bare run up to whitespace; a quote or control character inside it is an error. */
function readBare(text: string, start: number): Read {
  let index = start
  let error: QueryError | undefined
  while (index < text.length && !isSpace(text.charAt(index))) {
    const character = text.charAt(index)
    if (character === '"')
      error ??= {
        message: `A quote inside a word at ${column(index)}: quote the whole value instead`,
        start: index,
        end: index + 1,
      }
    else if (isControl(character))
      error ??= { message: `A control character at ${column(index)}`, start: index, end: index + 1 }
    index++
  }
  const value = text.slice(start, index)
  return error === undefined ? { value, end: index } : { value, end: index, error }
}

/** Splits query text into tokens; a token with a problem is left out and reported instead. */
export function tokenize(text: string): { tokens: QueryToken[]; errors: QueryError[] } {
  const tokens: QueryToken[] = []
  const errors: QueryError[] = []
  let index = 0
  while (index < text.length) {
    const character = text.charAt(index)
    if (isSpace(character)) {
      index++
      continue
    }
    if (isControl(character)) {
      errors.push({
        message: `A control character at ${column(index)}`,
        start: index,
        end: index + 1,
      })
      index++
      continue
    }
    const start = index
    const isNegated = character === '-'
    const body = isNegated ? index + 1 : index
    if (body >= text.length || isSpace(text.charAt(body))) {
      errors.push({ message: `A "-" at ${column(start)} excludes nothing`, start, end: body })
      index = body
      continue
    }
    qualifierName.lastIndex = body
    const name = qualifierName.exec(text)?.[0]
    const valueStart = body + (name?.length ?? 0)
    const read =
      text.charAt(valueStart) === '"' ? readQuoted(text, valueStart) : readBare(text, valueStart)
    index = read.end
    if (read.error !== undefined) {
      errors.push(read.error)
      continue
    }
    if (name !== undefined)
      tokens.push({
        kind: 'qualifier',
        isNegated,
        name: name.slice(0, -1),
        value: read.value,
        start,
        end: read.end,
      })
    else {
      const kind = text.charAt(body) === '"' ? 'phrase' : 'word'
      tokens.push({ kind, isNegated, text: read.value, start, end: read.end })
    }
  }
  return { tokens, errors }
}
