// exceljs's streaming worksheet writes into a StreamBuf piped into the zip, and that pipe ignores
// backpressure: rows pile up in memory (measured: 1,000,000 rows reached 1.2 GB RSS). Waiting for
// 'drain' on the pipe's destination while its buffered bytes exceed a bound keeps 1,000,000 rows x
// 12 columns at 164 MB. This reaches into exceljs internals (4.4.0), so the shape is checked and a
// change fails loudly (xlsx-backpressure.test.ts) instead of silently using unbounded memory.

/** The bytes a sheet's pipe may hold before the writer waits for it to drain. */
export const sheetHighWater = 4 * 1024 * 1024

/** What the writer needs of the pipe behind a worksheet: its buffered length and 'drain'. */
export type SheetPipe = {
  _writableState: { length: number }
  once(event: 'drain', listener: () => void): unknown
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

/**
 * The pipe behind `worksheet`'s stream, undefined while the zip has not started reading that
 * sheet (a later sheet waits for the earlier ones). Throws when exceljs no longer has this shape.
 */
export function sheetPipe(worksheet: object): SheetPipe | undefined {
  const stream: unknown = Reflect.get(worksheet, '_stream')
  if (stream === undefined) return undefined // opened by the first committed row
  const pipes: unknown = isObject(stream) ? stream.pipes : undefined
  if (!Array.isArray(pipes)) throw shapeChanged('the worksheet stream has no pipes array')
  const pipe: unknown = pipes[0]
  if (pipe === undefined) return undefined
  if (!isObject(pipe) || typeof pipe.once !== 'function') {
    throw shapeChanged('the worksheet pipe is not an event emitter')
  }
  const state = pipe._writableState
  if (!isObject(state) || typeof state.length !== 'number') {
    throw shapeChanged('the worksheet pipe has no _writableState.length')
  }
  return pipe as SheetPipe // shape checked field by field above
}

/** Waits while the sheet's pipe holds more than `sheetHighWater` bytes, or until `failure`. */
export async function waitForSheet(worksheet: object, failure: Promise<never>): Promise<void> {
  for (;;) {
    const pipe = sheetPipe(worksheet)
    if (pipe === undefined || pipe._writableState.length <= sheetHighWater) return
    await Promise.race([new Promise<void>((resolve) => pipe.once('drain', resolve)), failure])
  }
}

function shapeChanged(detail: string): Error {
  return new Error(
    `exceljs internals changed (${detail}): update src/core/export/xlsx-backpressure.ts for the installed exceljs version.`,
  )
}
