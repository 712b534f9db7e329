import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { sheetHighWater, sheetPipe, waitForSheet } from './xlsx-backpressure'

describe('the exceljs backpressure poke', () => {
  it('finds the pipe behind a worksheet in the installed exceljs (fails when its shape changes)', async () => {
    const sink = new PassThrough()
    sink.resume()
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: sink,
      useSharedStrings: false,
    })
    const sheet = workbook.addWorksheet('Events')
    sheet.addRow(['a', 1]).commit()
    const pipe = sheetPipe(sheet)
    expect(pipe).toBeDefined()
    expect(typeof pipe?._writableState.length).toBe('number')
    sheet.commit()
    await workbook.commit()
  })

  it('keeps what a sheet buffers near the bound while a slow reader drains it', async () => {
    const sink = new PassThrough({ highWaterMark: 1024 })
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: sink,
      useSharedStrings: false,
    })
    const sheet = workbook.addWorksheet('Events')
    // A slow reader: each chunk pauses the sink until the next turn of the event loop.
    sink.on('data', () => {
      sink.pause()
      setImmediate(() => sink.resume())
    })
    let largest = 0
    const text = 'x'.repeat(2000)
    for (let row = 0; row < 6000; row += 1) {
      sheet.addRow([row, `${text}${String(row)}`]).commit()
      if (row % 200 === 0) {
        await waitForSheet(sheet, new Promise<never>(() => undefined))
        largest = Math.max(largest, sheetPipe(sheet)?._writableState.length ?? 0)
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    sheet.commit()
    await workbook.commit()
    expect(largest).toBeLessThanOrEqual(sheetHighWater)
  })

  it('says exceljs changed when the worksheet stream lacks the pipes it pokes', () => {
    expect(() => sheetPipe({ _stream: {} })).toThrow(/exceljs internals changed/)
    expect(() => sheetPipe({ _stream: { pipes: [{ once: () => undefined }] } })).toThrow(
      /_writableState/,
    )
  })
})
