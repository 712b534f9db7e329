// The demo server's storage: one SQLite file, one table per stream. Rows keep each record's
// canonical JSON text, so serving a page is one prepared keyset query and a string join.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

/** The two streams of the contract. */
export type StreamName = 'audit-events' | 'request-logs'

/** Both stream names. */
export const streamNames: readonly StreamName[] = ['audit-events', 'request-logs']

/** A record ready to be stored. */
export type StoredRecord = {
  seq: number
  id: string
  day: number
  recordedAt: number
  json: string
}

const tables: Readonly<Record<StreamName, string>> = {
  'audit-events': 'audit_events',
  'request-logs': 'request_logs',
}

/** One stream's rows: inserts, keyset pages, day groupings and retention. */
export class StreamStore {
  private readonly insertRow: Database.Statement<[number, string, number, number, string]>
  private readonly pageRows: Database.Statement<[number, number], { seq: number; json: string }>
  private readonly recordedAtRow: Database.Statement<[number], { recorded_at: number }>
  private readonly dayIdRows: Database.Statement<[number], { id: string }>
  private readonly dayJsonRows: Database.Statement<[number], { json: string }>
  private readonly deleteRows: Database.Statement<[number]>
  private readonly daysOfRows: Database.Statement<[number], { day: number }>
  /** Lowest seq still stored (maxSeq + 1 when empty). */
  minSeq = 1
  /** Highest seq ever assigned (0 before the first record). */
  maxSeq = 0
  /** `recorded_at` of the newest record (0 before the first record). */
  lastRecordedAt = 0

  /** Prepares the statements of `stream` on `db` (the table must exist). */
  constructor(
    private readonly db: Database.Database,
    readonly stream: StreamName,
  ) {
    const table = tables[stream]
    this.insertRow = db.prepare(
      `INSERT INTO ${table} (seq, id, day, recorded_at, json) VALUES (?, ?, ?, ?, ?)`,
    )
    this.pageRows = db.prepare(`SELECT seq, json FROM ${table} WHERE seq > ? ORDER BY seq LIMIT ?`)
    this.recordedAtRow = db.prepare(`SELECT recorded_at FROM ${table} WHERE seq = ?`)
    this.dayIdRows = db.prepare(`SELECT id FROM ${table} WHERE day = ? ORDER BY id`)
    this.dayJsonRows = db.prepare(`SELECT json FROM ${table} WHERE day = ? ORDER BY seq`)
    this.deleteRows = db.prepare(`DELETE FROM ${table} WHERE seq <= ?`)
    this.daysOfRows = db.prepare(`SELECT DISTINCT day FROM ${table} WHERE seq <= ?`)
  }

  /** Appends records (their seqs must continue from maxSeq) in one transaction. */
  append(records: readonly StoredRecord[]): void {
    if (records.length === 0) return
    this.db.transaction(() => {
      for (const record of records) {
        this.insertRow.run(record.seq, record.id, record.day, record.recordedAt, record.json)
      }
    })()
    const last = records.at(-1)
    if (last === undefined) return
    this.maxSeq = last.seq
    this.lastRecordedAt = last.recordedAt
  }

  /** Up to `limit` records with seq greater than `afterSeq`, ascending. */
  page(afterSeq: number, limit: number): { seq: number; json: string }[] {
    return this.pageRows.all(afterSeq, limit)
  }

  /** `recorded_at` of the oldest stored record, or null when the stream is empty. */
  oldestRecordedAt(): number | null {
    return this.minSeq > this.maxSeq
      ? null
      : (this.recordedAtRow.get(this.minSeq)?.recorded_at ?? null)
  }

  /** The first stored seq recorded at or after `time` (maxSeq + 1 if none): a binary search,
   * since `recorded_at` never decreases as seq grows and stored seqs are contiguous. */
  firstSeqRecordedFrom(time: number): number {
    let low = this.minSeq
    let high = this.maxSeq + 1
    while (low < high) {
      const middle = Math.floor((low + high) / 2)
      const recordedAt = this.recordedAtRow.get(middle)?.recorded_at ?? Infinity
      if (recordedAt >= time) high = middle
      else low = middle + 1
    }
    return low
  }

  /** Ids of the records whose `occurred_at` falls on `day`, sorted by their bytes. */
  dayIds(day: number): string[] {
    return this.dayIdRows.all(day).map((row) => row.id)
  }

  /** The JSON texts of the records of `day`, in seq order, one at a time. */
  dayJson(day: number): IterableIterator<{ json: string }> {
    return this.dayJsonRows.iterate(day)
  }

  /** Retention: removes every record with seq up to `seq`; returns the days that lost records. */
  dropThrough(seq: number): number[] {
    const days = this.daysOfRows.all(seq).map((row) => row.day)
    this.deleteRows.run(seq)
    this.minSeq = Math.max(this.minSeq, Math.min(seq + 1, this.maxSeq + 1))
    return days
  }
}

/** The demo server's database file: both streams. */
export type DemoDatabase = {
  db: Database.Database
  streams: Record<StreamName, StreamStore>
  file: string
}

/** Creates a fresh database in `directory` (replacing an earlier demo file) tuned for bulk loading. */
export function createDemoDatabase(directory: string): DemoDatabase {
  fs.mkdirSync(directory, { recursive: true })
  const file = path.join(directory, 'demo-org.sqlite')
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    fs.rmSync(`${file}${suffix}`, { force: true })
  const db = new Database(file)
  // Regenerated on every start, so durability is not needed: favour loading speed.
  db.pragma('journal_mode = MEMORY')
  db.pragma('synchronous = OFF')
  db.pragma('cache_size = -32768')
  for (const table of Object.values(tables)) {
    db.exec(
      `CREATE TABLE ${table} (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, day INTEGER NOT NULL, recorded_at INTEGER NOT NULL, json TEXT NOT NULL) STRICT`,
    )
  }
  const streams = {
    'audit-events': new StreamStore(db, 'audit-events'),
    'request-logs': new StreamStore(db, 'request-logs'),
  }
  return { db, streams, file }
}

/** Builds the secondary indexes once the bulk load is done (much faster than during it). */
export function finishBulkLoad(database: DemoDatabase): void {
  for (const table of Object.values(tables)) {
    database.db.exec(`CREATE INDEX ${table}_day_id ON ${table} (day, id)`)
  }
  database.db.pragma('analysis_limit = 1000')
  database.db.exec('ANALYZE')
}
