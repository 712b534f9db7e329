/**
 * Reads one line from the terminal without echoing it (for API keys): raw mode, so the typed
 * characters never reach the screen or the scrollback. Resolves undefined when stdin is not a
 * terminal (scripts then get a clear usage error instead of a hang) or on Ctrl+C.
 */
export function promptHidden(question: string): Promise<string | undefined> {
  const input = process.stdin
  if (!input.isTTY) return Promise.resolve(undefined)
  process.stderr.write(question)
  return new Promise((resolve) => {
    let typed = ''
    const finish = (answer: string | undefined) => {
      input.off('data', onData)
      input.setRawMode(false)
      input.pause()
      process.stderr.write('\n')
      resolve(answer)
    }
    const onData = (chunk: Buffer) => {
      for (const character of chunk.toString('utf8')) {
        if (character === '\r' || character === '\n') {
          finish(typed.trim())
          return
        }
        if (character === '\u0003' || character === '\u0004') {
          finish(undefined)
          return
        }
        if (character === '\u007f' || character === '\b') typed = typed.slice(0, -1)
        else typed += character
      }
    }
    input.setRawMode(true)
    input.resume()
    input.on('data', onData)
  })
}
