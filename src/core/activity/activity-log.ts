// The reviewer activity log (issue 7, item 4): every export and audit pack, who made it, when,
// with which filter and which files. Each entry's hash is the SHA-256 of the RFC 8785 canonical
// JSON of all its other fields, previousHash included, so editing, removing or reordering any
// entry breaks the chain. The table refuses updates and deletes (migration 17).
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import canonicalize from 'canonicalize'
import { z } from 'zod'
import {
  writtenFileSchema,
  type ActivityEntry,
  type WrittenFileSummary,
} from '../../shared/export-schemas'

/** What a caller records; id, previousHash and hash are the log's to assign. */
export type ActivityInput = {
  at: number
  reviewer: string
  kind: 'export' | 'pack'
  connectionId: string | null
  description: string
  /** The filter as JSON text, exactly as the export used it. */
  filter: string
  files: WrittenFileSummary[]
}

/** Whether the chain checks out, and the id of the first entry that does not. */
export type ActivityChainCheck = { isIntact: boolean; brokenAt: number | null }

type ActivityRow = {
  id: number
  at: number
  reviewer: string
  kind: string
  connection_id: string | null
  description: string
  filter: string
  files: string
  previous_hash: string
  hash: string
}

const filesSchema = z.array(writtenFileSchema)
const columns =
  'id, at, reviewer, kind, connection_id, description, filter, files, previous_hash, hash'

/** The hash an entry must carry: SHA-256 hex of the canonical JSON of every field but `hash`. */
export function activityHash(entry: Omit<ActivityEntry, 'hash'>): string {
  const unhashed = {
    id: entry.id,
    at: entry.at,
    reviewer: entry.reviewer,
    kind: entry.kind,
    connectionId: entry.connectionId,
    description: entry.description,
    filter: entry.filter,
    files: entry.files,
    previousHash: entry.previousHash,
  }
  return createHash('sha256')
    .update(canonicalize(unhashed) ?? '', 'utf8')
    .digest('hex')
}

/** Appends an entry after the newest one, in one immediate transaction, and returns it. */
export function appendActivity(db: Database.Database, input: ActivityInput): ActivityEntry {
  const last = db.prepare<[], { id: number; hash: string }>(
    'SELECT id, hash FROM reviewer_activity ORDER BY id DESC LIMIT 1',
  )
  const insert = db.prepare<Record<string, string | number | null>>(
    `INSERT INTO reviewer_activity (${columns}) VALUES (@id, @at, @reviewer, @kind,
       @connection_id, @description, @filter, @files, @previous_hash, @hash)`,
  )
  return db
    .transaction((): ActivityEntry => {
      const previous = last.get()
      const unhashed = {
        id: (previous?.id ?? 0) + 1,
        ...input,
        files: filesSchema.parse(input.files),
        previousHash: previous?.hash ?? '',
      }
      const entry: ActivityEntry = { ...unhashed, hash: activityHash(unhashed) }
      insert.run({
        id: entry.id,
        at: entry.at,
        reviewer: entry.reviewer,
        kind: entry.kind,
        connection_id: entry.connectionId,
        description: entry.description,
        filter: entry.filter,
        files: JSON.stringify(entry.files),
        previous_hash: entry.previousHash,
        hash: entry.hash,
      })
      return entry
    })
    .immediate()
}

/** The newest `limit` entries, newest first. */
export function listActivity(db: Database.Database, limit: number): ActivityEntry[] {
  return db
    .prepare<{ limit: number }, ActivityRow>(
      `SELECT ${columns} FROM reviewer_activity ORDER BY id DESC LIMIT @limit`,
    )
    .all({ limit })
    .map(toEntry)
}

/** Every entry, oldest first (what an audit pack carries). */
export function readActivityLog(db: Database.Database): ActivityEntry[] {
  return db
    .prepare<[], ActivityRow>(`SELECT ${columns} FROM reviewer_activity ORDER BY id`)
    .all()
    .map(toEntry)
}

/** Checks every stored entry's hash and its link to the entry before it. */
export function checkActivityChain(db: Database.Database): ActivityChainCheck {
  const rows = db
    .prepare<[], ActivityRow>(`SELECT ${columns} FROM reviewer_activity ORDER BY id`)
    .iterate()
  let previousHash = ''
  for (const row of rows) {
    const entry = toEntry(row)
    if (!isEntryIntact(entry, row, previousHash)) return { isIntact: false, brokenAt: row.id }
    previousHash = entry.hash
  }
  return { isIntact: true, brokenAt: null }
}

/** Checks a list of entries (oldest first) as a chain: each hash, and each link. */
export function checkActivityEntries(entries: readonly ActivityEntry[]): ActivityChainCheck {
  let previousHash = ''
  for (const entry of entries) {
    if (entry.previousHash !== previousHash || activityHash(entry) !== entry.hash) {
      return { isIntact: false, brokenAt: entry.id }
    }
    previousHash = entry.hash
  }
  return { isIntact: true, brokenAt: null }
}

function isEntryIntact(entry: ActivityEntry, row: ActivityRow, previousHash: string): boolean {
  if (entry.previousHash !== previousHash || activityHash(entry) !== entry.hash) return false
  // A files or kind value the log could not read back as written is tampering too.
  return parseFiles(row.files) !== undefined && (row.kind === 'export' || row.kind === 'pack')
}

function parseFiles(text: string): WrittenFileSummary[] | undefined {
  try {
    const parsed = filesSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

function toEntry(row: ActivityRow): ActivityEntry {
  return {
    id: row.id,
    at: row.at,
    reviewer: row.reviewer,
    // An unreadable kind is shown as an export; checkActivityChain reports the row as broken.
    kind: row.kind === 'pack' ? 'pack' : 'export',
    connectionId: row.connection_id,
    description: row.description,
    filter: row.filter,
    files: parseFiles(row.files) ?? [],
    previousHash: row.previous_hash,
    hash: row.hash,
  }
}
