// Hostile strings through CSV and XLSX, read back by independent parsers (csv-parse; openpyxl),
// must equal the documented transformation (docs/exports.md) as a reference written separately.
import fs from 'node:fs'
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventRow } from '../query/event-query'
import { plainOptions, seededCache } from './export-test-support'
import { openSnapshot } from './snapshot'
import { writeEvents } from './write-events'
import { readXlsx, type ReadCell } from './xlsx-test-reader'

const hostileColumns = ['actor_name', 'user_agent', 'resource_name', 'failure_reason'] as const
type Values = (string | null)[]

/** The documented transformation of one text cell, written independently of cell-text.ts. */
function expectedCell(original: string | null, format: 'csv' | 'xlsx'): string | null {
  if (original === null) return format === 'csv' ? '' : null
  let text = ''
  for (let index = 0; index < original.length; index += 1) {
    const code = original.charCodeAt(index)
    const next = original.charCodeAt(index + 1)
    const isPair = code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff
    if (isPair) {
      text += original.slice(index, index + 2)
      index += 1
    } else if (
      (code >= 0xd800 && code <= 0xdfff) ||
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      code === 0xfffe ||
      code === 0xffff
    ) {
      text += '\uFFFD'
    } else {
      text += original[index] ?? ''
    }
  }
  if (['=', '+', '-', '@', '\t', '\r'].includes(text[0] ?? '')) text = `'${text}`
  if (format === 'csv') return text
  if (text === '') return null // an empty string cell reads back as an empty cell
  if (text.length <= 32_767) return text
  for (let kept = 32_767; kept > 0; kept -= 1) {
    const marker = ` [… truncated ${String(text.length - kept)} characters]`
    const splitsPair = /[\uD800-\uDBFF]/.test(text[kept - 1] ?? '')
    if (kept + marker.length <= 32_767 && !splitsPair) return text.slice(0, kept) + marker
  }
  throw new Error('unreachable')
}

const pieces = [
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '"',
  ',',
  "'",
  ';',
  ' ',
  'a',
  'Z',
  'é',
  '中',
  '\u0000',
  '\u0007',
  '\u001B',
  '\u007F',
  '\uD800',
  '\uDC00',
  '\uDBFF',
  '\u202E',
  '\u200B',
  '\uFFFE',
  '\uFFFF',
  '\uFEFF',
  '😀',
  '🧨',
  '_x0041_',
  '_x005F_',
  '_x000D_',
  '_xABCD_',
  '_x',
  '=cmd|/c calc',
]
const hostile = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.constantFrom(...pieces), { maxLength: 12 })
      .map((parts) => parts.join('')),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...pieces), fc.integer({ min: 32_000, max: 41_000 }))
      .map(([piece, length]) => `${piece}${'ab😀'.repeat(length / 4)}`.slice(0, length)),
  },
  { weight: 1, arbitrary: fc.constant(null) },
)

describe('hostile strings round trip', () => {
  let cache: ReturnType<typeof seededCache>
  beforeAll(() => {
    cache = seededCache(16)
  })
  afterAll(() => {
    cache.remove()
  })

  it('read back by csv-parse and openpyxl equal the documented transformation', async () => {
    const fixed: Values[] = [
      ['=1+2', '+SUM(A1)', '-2', '@A1'],
      ['\tx', '\rx', 'a\r\nb', '"quoted", yes'],
      ['nul\u0000bell\u0007', 'lone \uD800 high', 'lone \uDC00 low', 'invoice\u202Egnp.exe'],
      ['_x0041_', '_x005F_x0041_', 'x'.repeat(40_000), '🧨🚀'],
      ['_x000D\r', '_x0041\u007F', '\r_x0041_', '=_x003D_'],
    ]
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(hostile, { minLength: 4, maxLength: 4 }), {
          minLength: 1,
          maxLength: 10,
        }),
        async (generated) => {
          const values = [...fixed, ...generated]
          const transform = (row: EventRow): EventRow => {
            const mine = values[row.seq - 1]
            if (mine === undefined) return row
            const columns = { ...row.columns }
            hostileColumns.forEach((name, index) => {
              columns[name] = mine[index] ?? null
            })
            return { ...row, columns }
          }
          const options = { ...plainOptions, columns: ['seq', ...hostileColumns] }
          const csvFile = cache.out('round.csv')
          const xlsxFile = cache.out('round.xlsx')
          const snapshot = openSnapshot(cache.file)
          try {
            await writeEvents({
              snapshot,
              stream: 'audit-events',
              filter: { to: Date.UTC(2026, 10, 1) + (values.length + 1) * 60_000 - 1 },
              transform,
              targets: [
                { format: 'csv', path: csvFile, options },
                { format: 'xlsx', path: xlsxFile, options },
              ],
            })
          } finally {
            snapshot.close()
          }
          const csv = parse(fs.readFileSync(csvFile), { bom: true })
          const xlsx: ReadCell[][] = readXlsx(xlsxFile)[0]?.rows ?? []
          expect(csv[0]).toEqual(['seq', ...hostileColumns])
          expect(csv).toHaveLength(values.length + 1)
          expect(xlsx).toHaveLength(values.length + 1)
          values.forEach((row, index) => {
            expect(csv[index + 1]).toEqual([
              String(index + 1),
              ...row.map((value) => expectedCell(value, 'csv')),
            ])
            expect(xlsx[index + 1]).toEqual([
              index + 1,
              ...row.map((value) => expectedCell(value, 'xlsx')),
            ])
          })
        },
      ),
      { numRuns: Number(process.env.ROUND_TRIP_RUNS ?? 12) },
    )
  }, 120_000)
})
