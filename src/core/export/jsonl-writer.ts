// JSON Lines for a SIEM: each event's raw JSON exactly as stored (as the server sent it), one per
// line, LF-terminated. Nothing is transformed here; only a redaction transform may change it.
import type { EventRow } from '../query/event-query'
import type { FileWriter } from './file-writer'
import { HashingOutput } from './hashing-output'

/** Opens a JSON Lines writer on `path`. */
export function createJsonlWriter(path: string): Promise<FileWriter> {
  const output = new HashingOutput(path)
  return Promise.resolve({
    transformations: {},
    async writePage(rows: readonly EventRow[]) {
      let text = ''
      for (const row of rows) text += `${row.raw}\n`
      await output.writeText(text)
    },
    async finish() {
      return { ...(await output.finish()), sheets: 1 }
    },
    abort: () => output.abort(),
  })
}
