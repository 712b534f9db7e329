import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventFilter } from '../../shared/filter'
import { createEventQuery, type EventRow } from '../query/event-query'
import { createAnnotationStore } from '../store/annotation-store'
import { loadEvents } from '../../../test/helpers/load-events'
import { auditEventJson } from '../sync/test-events'
import { plainOptions, seededCache } from './export-test-support'
import { openSnapshot, type Snapshot } from './snapshot'
import { exportPageSize, writeEvents, type ExportTarget } from './write-events'
import { readXlsx } from './xlsx-test-reader'

type Cache = ReturnType<typeof seededCache>
let cache: Cache | undefined
let snapshot: Snapshot | undefined
afterEach(() => {
  snapshot?.close()
  snapshot = undefined
  cache?.remove()
  cache = undefined
})

function setUp(auditCount: number, overrides?: (seq: number) => Record<string, unknown>) {
  cache = seededCache(auditCount, overrides)
  snapshot = openSnapshot(cache.file)
  return { cache, snapshot }
}

const csvRows = (file: string): string[][] =>
  parse(fs.readFileSync(file), { bom: true, relax_column_count: false })

const leftovers = (dir: string) => fs.readdirSync(dir).filter((name) => name.includes('.partial-'))

describe('writeEvents', () => {
  it('writes exactly the filtered events, oldest first, as many as it counted, in every format', async () => {
    const { cache, snapshot } = setUp(40, (seq) =>
      seq % 3 === 0 ? { status: 'failure', failure_reason: 'bad_password' } : {},
    )
    const filter: EventFilter = { status: 'failure' }
    const targets: ExportTarget[] = (['csv', 'xlsx', 'jsonl'] as const).map((format) => ({
      format,
      path: cache.out(`out.${format}`),
      options: plainOptions,
    }))
    const result = await writeEvents({ snapshot, stream: 'audit-events', filter, targets })
    const expected = createEventQuery(cache.opened.db)
      .page('audit-events', filter, 1000, undefined, 'asc')
      .map((row) => row.id)
    expect(expected).toHaveLength(13)
    expect(result.rows).toBe(13)
    expect(result.totalRows).toBe(13)
    const csv = csvRows(cache.out('out.csv'))
    expect(csv.slice(1).map((row) => row[1])).toEqual(expected)
    const xlsx = readXlsx(cache.out('out.xlsx'))[0]?.rows ?? []
    expect(xlsx.slice(1).map((row) => row[1])).toEqual(expected)
    const lines = fs.readFileSync(cache.out('out.jsonl'), 'utf8').split('\n')
    expect(lines.pop()).toBe('')
    const raw = cache.opened.db
      .prepare<[], string>("SELECT raw FROM audit_events WHERE status = 'failure' ORDER BY seq")
      .pluck()
      .all()
    expect(lines).toEqual(raw)
    for (const file of result.files) {
      const bytes = fs.readFileSync(file.path)
      expect(file.rows).toBe(13)
      expect(file.bytes).toBe(bytes.length)
      expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    }
    expect(leftovers(cache.dir)).toEqual([])
  })

  it('exports the snapshot: events a sync stores after it opened are neither counted nor written', async () => {
    const { cache, snapshot } = setUp(10)
    loadEvents(
      cache.opened,
      [11, 12, 13].map((seq) => auditEventJson(seq)),
      [],
    )
    expect(createEventQuery(cache.opened.db).count('audit-events', {})).toBe(13)
    const result = await writeEvents({
      snapshot,
      stream: 'audit-events',
      filter: {},
      targets: [{ format: 'csv', path: cache.out('a.csv'), options: plainOptions }],
    })
    expect(result).toMatchObject({ rows: 10, totalRows: 10 })
    expect(csvRows(cache.out('a.csv'))).toHaveLength(11)
  })

  it('pages through more than one page and reports progress per page', async () => {
    const { cache, snapshot } = setUp(exportPageSize + 7)
    const progress: [number, number][] = []
    const result = await writeEvents({
      snapshot,
      stream: 'audit-events',
      filter: {},
      targets: [{ format: 'jsonl', path: cache.out('a.jsonl'), options: plainOptions }],
      onProgress: (rows, total) => progress.push([rows, total]),
    })
    expect(result.rows).toBe(exportPageSize + 7)
    expect(progress).toEqual([
      [0, exportPageSize + 7],
      [exportPageSize, exportPageSize + 7],
      [exportPageSize + 7, exportPageSize + 7],
    ])
    const ids = fs
      .readFileSync(cache.out('a.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { seq: number }).seq)
    expect(ids).toEqual(Array.from({ length: exportPageSize + 7 }, (_, index) => index + 1))
  })

  it('on cancel mid-way leaves no file, no temp file, and an older file untouched', async () => {
    const { cache, snapshot } = setUp(exportPageSize + 7)
    fs.writeFileSync(cache.out('a.xlsx'), 'older export')
    const controller = new AbortController()
    const run = writeEvents({
      snapshot,
      stream: 'audit-events',
      filter: {},
      targets: [
        { format: 'xlsx', path: cache.out('a.xlsx'), options: plainOptions },
        { format: 'csv', path: cache.out('a.csv'), options: plainOptions },
      ],
      signal: controller.signal,
      onProgress: (rows) => {
        if (rows > 0) controller.abort()
      },
    })
    await expect(run).rejects.toMatchObject({ code: 'cancelled' })
    expect(fs.readFileSync(cache.out('a.xlsx'), 'utf8')).toBe('older export')
    expect(fs.existsSync(cache.out('a.csv'))).toBe(false)
    expect(leftovers(cache.dir)).toEqual([])
  })

  it('on a failure while writing removes its temp files and keeps the older file', async () => {
    const { cache, snapshot } = setUp(12)
    fs.writeFileSync(cache.out('a.csv'), 'older export')
    const transform = (row: EventRow): EventRow => {
      if (row.seq === 7) throw new Error('redaction failed')
      return row
    }
    await expect(
      writeEvents({
        snapshot,
        stream: 'audit-events',
        filter: {},
        transform,
        targets: [{ format: 'csv', path: cache.out('a.csv'), options: plainOptions }],
      }),
    ).rejects.toThrow('redaction failed')
    expect(fs.readFileSync(cache.out('a.csv'), 'utf8')).toBe('older export')
    expect(leftovers(cache.dir)).toEqual([])
  })

  it('names an unknown time zone or a column the stream lacks, writing nothing', async () => {
    const { cache, snapshot } = setUp(3)
    const attempt = (options: typeof plainOptions, stream: 'audit-events' | 'request-logs') =>
      writeEvents({
        snapshot,
        stream,
        filter: {},
        targets: [{ format: 'csv', path: cache.out('a.csv'), options }],
      })
    await expect(
      attempt({ ...plainOptions, localTimeZone: 'Mars/Olympus_Mons' }, 'audit-events'),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('Unknown time zone "Mars/Olympus_Mons"') as unknown,
    })
    await expect(
      attempt({ ...plainOptions, columns: ['id', 'action'] }, 'request-logs'),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining(
        'The column "action" is not one of the request-logs columns',
      ) as unknown,
    })
    expect(fs.readdirSync(cache.dir).filter((name) => name.includes('a.csv'))).toEqual([])
  })

  it('writes the chosen columns, a local time in the named zone, a BOM, annotations and findings', async () => {
    const { cache, snapshot: first } = setUp(3)
    first.close()
    const annotations = createAnnotationStore(cache.opened.db)
    const ref = { connectionId: cache.connectionId, stream: 'audit-events' as const }
    annotations.update(
      { ...ref, eventIds: ['evt_000002'] },
      { addTags: ['b-tag', 'A-tag'], starred: true, comment: 'first' },
      { author: 'ana', at: 1 },
    )
    annotations.update(
      { ...ref, eventIds: ['evt_000002'] },
      { comment: 'second' },
      { author: 'bo', at: 2 },
    )
    cache.opened.db
      .prepare(
        `INSERT INTO findings VALUES ('fnd_1', @c, 'unexpected-api-key-creation', 1, 'high', 0, 1,
         '{}', 'x', '{}', '{}', 1, 0, 0, 'h', 0, 0, 'open', NULL, NULL, NULL)`,
      )
      .run({ c: cache.connectionId })
    cache.opened.db
      .prepare(`INSERT INTO finding_evidence VALUES ('fnd_1', 'audit-events', @c, 'evt_000002')`)
      .run({ c: cache.connectionId })
    snapshot = openSnapshot(cache.file)
    const options = {
      ...plainOptions,
      columns: ['id', 'occurred_at', 'action'],
      bom: true,
      localTimeZone: 'Europe/Berlin',
      includeAnnotations: true,
      includeFindings: true,
    }
    await writeEvents({
      snapshot,
      stream: 'audit-events',
      filter: {},
      targets: [
        { format: 'csv', path: cache.out('a.csv'), options },
        { format: 'xlsx', path: cache.out('a.xlsx'), options },
      ],
    })
    const bytes = fs.readFileSync(cache.out('a.csv'))
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = csvRows(cache.out('a.csv'))
    expect(rows[0]).toEqual([
      'id',
      'occurred_at',
      'occurred_at_local (Europe/Berlin)',
      'action',
      'tags',
      'starred',
      'comment',
      'findings',
    ])
    expect(rows[2]).toEqual([
      'evt_000002',
      '2026-11-01T00:02:00.000Z',
      '2026-11-01T01:02:00.000+01:00',
      'user.signed_in',
      'A-tag; b-tag',
      'true',
      'second',
      'fnd_1: Unexpected API key creation',
    ])
    expect(rows[1]?.slice(4)).toEqual(['', 'false', '', ''])
    const sheet = readXlsx(cache.out('a.xlsx'))[0]
    expect(sheet?.rows[2]?.slice(4)).toEqual([
      'A-tag; b-tag',
      'true',
      'second',
      'fnd_1: Unexpected API key creation',
    ])
  })

  it('splits XLSX sheets at the row limit with a frozen header, autofilter and real dates on each', async () => {
    const { cache, snapshot } = setUp(10)
    const result = await writeEvents({
      snapshot,
      stream: 'audit-events',
      filter: {},
      rowsPerSheet: 4,
      targets: [
        {
          format: 'xlsx',
          path: cache.out('a.xlsx'),
          options: { ...plainOptions, columns: ['occurred_at', 'id', 'seq'] },
        },
      ],
    })
    expect(result.files[0]?.sheets).toBe(4)
    const sheets = readXlsx(cache.out('a.xlsx'))
    expect(
      sheets.map((sheet) => [sheet.name, sheet.rows.length, sheet.frozen, sheet.filter]),
    ).toEqual([
      ['Events', 4, 'A2', 'A1:C4'],
      ['Events (2)', 4, 'A2', 'A1:C4'],
      ['Events (3)', 4, 'A2', 'A1:C4'],
      ['Events (4)', 2, 'A2', 'A1:C2'],
    ])
    expect(sheets.flatMap((sheet) => sheet.rows.slice(1).map((row) => row[2]))).toEqual(
      Array.from({ length: 10 }, (_, index) => index + 1),
    )
    expect(sheets[3]?.rows[1]?.[0]).toEqual({
      datetime: '2026-11-01T00:10:00',
      format: 'yyyy-mm-dd hh:mm:ss.000',
    })
    expect(sheets[0]?.rows[0]).toEqual(['occurred_at', 'id', 'seq'])
  })

  it('truncates XLSX cells over 32,767 characters with a marker and counts them; CSV keeps them whole', async () => {
    const { cache, snapshot } = setUp(2)
    const long = `${'ab'.repeat(19_999)}😀x` // 40,001 code units, a surrogate pair near the end
    const transform = (row: EventRow): EventRow =>
      row.seq === 2 ? { ...row, columns: { ...row.columns, user_agent: long } } : row
    const options = { ...plainOptions, columns: ['id', 'user_agent'] }
    const result = await writeEvents({
      snapshot,
      stream: 'audit-events',
      filter: {},
      transform,
      targets: [
        { format: 'xlsx', path: cache.out('a.xlsx'), options },
        { format: 'csv', path: cache.out('a.csv'), options },
      ],
    })
    expect(result.files.map((file) => file.transformations)).toEqual([{ cell_truncated: 1 }, {}])
    const cell = readXlsx(cache.out('a.xlsx'))[0]?.rows[2]?.[1]
    const marker = ` [… truncated ${String(long.length - 32_767 + ' [… truncated 7234 characters]'.length)} characters]`
    expect(cell).toBe(long.slice(0, 32_767 - marker.length) + marker)
    expect(typeof cell === 'string' && cell.length).toBe(32_767)
    expect(csvRows(cache.out('a.csv'))[2]?.[1]).toBe(long)
  })
})
