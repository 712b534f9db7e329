// The raw JSON of an event, as stored and as formatted for reading, and copying it exactly.

/**
 * The stored JSON re-indented for reading, token by token: numbers, escapes and key order stay
 * exactly as received (JSON.parse would round big numbers and drop duplicate keys).
 * Undefined when the text is not JSON.
 */
export function formatRawJson(raw: string, indent = '  '): string | undefined {
  try {
    JSON.parse(raw)
  } catch {
    return undefined
  }
  const out: string[] = []
  let depth = 0
  let index = 0
  const newline = () => '\n' + indent.repeat(depth)
  while (index < raw.length) {
    const char = raw.charAt(index)
    if (char === '"') {
      const end = endOfString(raw, index)
      out.push(raw.slice(index, end))
      index = end
      continue
    }
    if (char === '{' || char === '[') {
      const next = skipSpace(raw, index + 1)
      if (raw.charAt(next) === (char === '{' ? '}' : ']')) {
        out.push(char, raw.charAt(next))
        index = next + 1
        continue
      }
      depth += 1
      out.push(char, newline())
    } else if (char === '}' || char === ']') {
      depth -= 1
      out.push(newline(), char)
    } else if (char === ',') out.push(',', newline())
    else if (char === ':') out.push(': ')
    else if (!isJsonSpace(char)) out.push(char)
    index += 1
  }
  return out.join('')
}

function isJsonSpace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r'
}

function skipSpace(text: string, from: number): number {
  let index = from
  while (index < text.length && isJsonSpace(text.charAt(index))) index += 1
  return index
}

/** The index just after the closing quote of the string that starts at `start`. */
function endOfString(text: string, start: number): number {
  let index = start + 1
  while (index < text.length) {
    const char = text.charAt(index)
    if (char === '\\') index += 2
    else if (char === '"') return index + 1
    else index += 1
  }
  return text.length
}

/** The outcome of a copy: done, no clipboard in this context, or the clipboard refused. */
export type CopyOutcome = 'copied' | 'unavailable' | 'failed'

/** Writes text to the clipboard exactly; never throws. */
export async function copyExact(
  text: string,
  clipboard: Pick<Clipboard, 'writeText'> | undefined,
): Promise<CopyOutcome> {
  if (clipboard === undefined) return 'unavailable'
  try {
    await clipboard.writeText(text)
    return 'copied'
  } catch {
    return 'failed'
  }
}
