// Reads a pack member once as a stream: its SHA-256 and size, and for data files the rows it
// holds (CSV records after the header, JSON Lines lines that parse, XLSX rows after each sheet's
// header) plus, for JSON Lines, each UTC day's count and events_sha256 as the server signs them.
import { createHash } from 'node:crypto'
import { Transform, Writable, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parse } from 'csv-parse'
import yauzl from 'yauzl'
import { parseRfc3339 } from '../../shared/rfc3339'
import { canonicalLine, emptySha256 } from '../verify/hashes'
import { dayOf, dayText } from '../verify/days'

/** What one member's bytes turned out to be. */
export type MemberReading = {
  sha256: string
  bytes: number
  rows: number | null
  problem: string | null
  days: Map<string, { count: number; eventsSha256: string }>
}

/** A pass-through that hashes and counts what flows through it. */
function hashingTap(): { tap: Transform; result: () => { sha256: string; bytes: number } } {
  const hash = createHash('sha256')
  let bytes = 0
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk)
      bytes += chunk.length
      done(null, chunk)
    },
  })
  return { tap, result: () => ({ sha256: hash.digest('hex'), bytes }) }
}

/** Hashes a member without reading its rows. */
export async function readPlain(source: Readable): Promise<MemberReading> {
  const { tap, result } = hashingTap()
  // Only the hash is wanted: the bytes go nowhere after the tap.
  await pipeline(
    source,
    tap,
    new Writable({
      write: (_chunk, _encoding, done) => {
        done()
      },
    }),
  )
  return { ...result(), rows: null, problem: null, days: new Map() }
}

/** Hashes a CSV member and counts its records after the header. */
export async function readCsv(source: Readable): Promise<MemberReading> {
  const { tap, result } = hashingTap()
  let records = 0
  let problem: string | null = null
  try {
    await pipeline(source, tap, parse({ bom: true }), async (rows: AsyncIterable<unknown>) => {
      for await (const row of rows) if (row !== undefined) records += 1
    })
  } catch (error) {
    problem = `is not valid CSV (${error instanceof Error ? error.message : String(error)})`
    await drain(source)
  }
  return { ...result(), rows: Math.max(0, records - 1), problem, days: new Map() }
}

/** Hashes a JSON Lines member, counts its lines, checks each parses, and accumulates the
 * server's day digests (canonical JSON lines in seq order) of the days in `digestDays` (each
 * mapped to the events_sha256 the server signed). */
export async function readJsonl(
  source: Readable,
  digestDays: ReadonlyMap<string, string>,
): Promise<MemberReading> {
  const { tap, result } = hashingTap()
  const days = new DayAccumulator(digestDays)
  let lines = 0
  let problem: string | null = null
  let rest = Buffer.alloc(0)
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const onLine = (bytes: Buffer) => {
    lines += 1
    let text: string
    let parsed: unknown
    try {
      text = decoder.decode(bytes)
      parsed = JSON.parse(text)
    } catch {
      problem ??= `line ${lines} is not JSON`
      return
    }
    days.add(parsed, text)
  }
  await pipeline(source, tap, async (chunks: AsyncIterable<Buffer>) => {
    for await (const chunk of chunks) {
      let data = rest.length === 0 ? chunk : Buffer.concat([rest, chunk])
      let start = 0
      for (let end = data.indexOf(0x0a); end !== -1; end = data.indexOf(0x0a, start)) {
        onLine(data.subarray(start, end))
        start = end + 1
      }
      data = data.subarray(start)
      rest = Buffer.from(data)
    }
  })
  if (rest.length > 0) problem ??= `the last line (${lines + 1}) does not end with a line feed`
  return { ...result(), rows: lines, problem: problem ?? days.problem, days: days.results() }
}

/** Hashes an XLSX member and counts the rows of its sheets after each sheet's header row. The
 * XML scanned is bounded by `expectedRows` (the manifest's count): sheets larger than that many
 * rows can be are refused unread, and counting stops once the count is past it. */
export async function readXlsx(
  source: Readable,
  limit: number,
  expectedRows: number,
): Promise<MemberReading> {
  const { tap, result } = hashingTap()
  const chunks: Buffer[] = []
  let size = 0
  await pipeline(source, tap, async (data: AsyncIterable<Buffer>) => {
    for await (const chunk of data) {
      size += chunk.length
      if (size > limit) throw new Error(`the workbook is larger than ${limit} bytes`)
      chunks.push(chunk)
    }
  })
  try {
    const counted = await countWorkbookRows(Buffer.concat(chunks), expectedRows)
    const problem = counted.isStopped
      ? `holds more rows than the manifest's ${expectedRows}; counting stopped there`
      : null
    return { ...result(), rows: counted.rows, problem, days: new Map() }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return {
      ...result(),
      rows: null,
      problem: `is not a readable workbook (${reason})`,
      days: new Map(),
    }
  }
}

// A 1,048,576-row sheet of 40 columns is a few GiB of XML at most: more is a zip bomb.
const maxSheetBytes = 64 * 1024 ** 3

/** The most XML one row of an exported sheet can take: every column a cell of 32,767 characters,
 * each written as `_x005F_`-style escapes (7 bytes), plus the cell's markup. Export layouts have
 * far fewer than 64 columns. */
export const maxRowXmlBytes = 64 * (32_767 * 7 + 256)

/** XML a sheet holds besides its rows (declarations, columns, frozen pane, autofilter). */
export const sheetOverheadBytes = 64 * 1024

/** Rows of every worksheet minus one header row each, counted as `<row` elements in the XML;
 * sheets declaring more XML than `expectedRows` rows can take are refused, and counting stops
 * (isStopped) once it passes `expectedRows`, so a hostile workbook cannot keep it scanning. */
async function countWorkbookRows(
  workbook: Buffer,
  expectedRows: number,
): Promise<{ rows: number; isStopped: boolean }> {
  const zip = await yauzl.fromBufferPromise(workbook, { lazyEntries: true, autoClose: false })
  try {
    const sheets = await new Promise<yauzl.Entry[]>((resolve, reject) => {
      const found: yauzl.Entry[] = []
      zip.on('error', reject)
      zip.on('end', () => {
        resolve(found)
      })
      zip.on('entry', (entry: yauzl.Entry) => {
        if (/^xl\/worksheets\/sheet\d+\.xml$/.test(entry.fileName)) found.push(entry)
        zip.readEntry()
      })
      zip.readEntry()
    })
    const declared = sheets.reduce((sum, sheet) => sum + sheet.uncompressedSize, 0)
    const bound = Math.min(
      maxSheetBytes,
      (expectedRows + sheets.length) * maxRowXmlBytes + sheets.length * sheetOverheadBytes,
    )
    if (declared > bound) {
      throw new Error(
        `its sheets claim ${declared} bytes of XML, more than the ${bound} that the manifest's ${expectedRows} rows can take`,
      )
    }
    let rows = 0
    for (const sheet of sheets) {
      // Past the expected rows plus this sheet's header, the count is wrong whatever follows.
      const left = expectedRows - rows + 1
      const found = await countRowElements(await zip.openReadStreamPromise(sheet), left)
      rows += Math.max(0, found - 1)
      if (rows > expectedRows) return { rows, isStopped: true }
    }
    return { rows, isStopped: false }
  } finally {
    zip.close()
  }
}

/** `<row` elements in a sheet's XML, read no further than the first count over `stopAfter`. */
async function countRowElements(stream: Readable, stopAfter: number): Promise<number> {
  let count = 0
  let tail = ''
  for await (const chunk of stream) {
    const text = tail + (chunk as Buffer).toString('latin1') // ASCII markup: latin1 keeps offsets
    const matches = text.match(/<row[\s>/]/g)
    count += matches?.length ?? 0
    if (count > stopAfter) {
      stream.destroy()
      return count
    }
    // A match needs 5 characters: 4 kept ones can finish one in the next chunk, never repeat one.
    tail = text.slice(-4)
  }
  return count
}

async function drain(source: Readable): Promise<void> {
  source.resume()
  await new Promise<void>((resolve) => {
    if (source.readableEnded || source.destroyed) resolve()
    else source.once('close', resolve).once('end', resolve)
  })
}

/** Per UTC day of `occurred_at`: the count and the hash of canonical lines in seq order. Days
 * must come one after another (the file is in time order); a day seen again is a problem. The
 * lines as written are hashed first: when the pack kept the server's canonical bytes that hash is
 * already the signed one (no canonicalising needed); otherwise each line is canonicalised. */
class DayAccumulator {
  problem: string | null = null
  private readonly done = new Map<string, { count: number; eventsSha256: string }>()
  private current: { day: string; lines: { seq: number; text: string }[] } | null = null

  constructor(private readonly wanted: ReadonlyMap<string, string>) {}

  add(parsed: unknown, text: string): void {
    if (this.wanted.size === 0 || typeof parsed !== 'object' || parsed === null) return
    const record = parsed as Record<string, unknown> // a parsed JSON object
    const at = typeof record.occurred_at === 'string' ? parseRfc3339(record.occurred_at) : undefined
    if (at === undefined || typeof record.seq !== 'number') return
    const day = dayText(dayOf(at))
    if (!this.wanted.has(day)) return
    if (this.current?.day !== day) {
      this.finish()
      if (this.done.has(day)) this.problem ??= `the events of ${day} are not together in time order`
      this.current = { day, lines: [] }
    }
    this.current.lines.push({ seq: record.seq, text })
  }

  results(): Map<string, { count: number; eventsSha256: string }> {
    this.finish()
    for (const day of this.wanted.keys()) {
      if (!this.done.has(day)) this.done.set(day, { count: 0, eventsSha256: emptySha256 })
    }
    return this.done
  }

  private finish(): void {
    if (this.current === null) return
    const { day } = this.current
    const lines = this.current.lines.sort((a, b) => a.seq - b.seq)
    const hashLines = (line: (text: string) => string) => {
      const hash = createHash('sha256')
      for (const { text } of lines) hash.update(`${line(text)}\n`, 'utf8')
      return hash.digest('hex')
    }
    const asWritten = hashLines((text) => text)
    const eventsSha256 =
      asWritten === this.wanted.get(day)
        ? asWritten
        : hashLines((text) => canonicalLine(text) ?? `\u0000${text}`)
    this.done.set(day, { count: lines.length, eventsSha256 })
    this.current = null
  }
}
