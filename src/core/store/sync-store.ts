// SQL of the sync engine: connections, per-stream state, runs, and the one transaction that
// stores a page together with its cursor (CONVENTIONS.md §3). Nothing here decides policy.
import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import canonicalize from 'canonicalize'
import type { AcceptedEvent, QuarantinedEvent, StreamName } from '../sync/page-parser'
import type { AuditEvent, RequestLogEntry } from '../sync/event-schemas'
import { prepareStreamTable, type StreamTable } from './event-rows'
import { createAuditReindexer } from './fulltext'

/** A connected organization. Never holds the API key. */
export type Connection = {
  id: string
  organizationId: string
  organizationName: string
  baseUrl: string
  addedAt: number
}

/** Where a stream's sync stands. */
export type StreamState = {
  cursor: string | null
  lastSeq: number
  oldestAvailableAt: number | null
  lastSuccessAt: number | null
  /** After a 410: where the next request starts (`since`) and why the coming seq jump is a gap. */
  restartSince: number | null
  restartReason: string | null
}

/** How a run ended. */
export type RunOutcome = 'complete' | 'incomplete' | 'failed' | 'cancelled'

/** What one page changed. */
export type PageCounts = {
  newEvents: number
  duplicates: number
  conflicts: number
  quarantined: number
  gaps: number
}

/** A page to store atomically with its cursor. */
export type PageToApply = {
  connectionId: string
  stream: StreamName
  runId: number
  items: readonly (AcceptedEvent<AuditEvent | RequestLogEntry> | QuarantinedEvent)[]
  nextCursor: string
  oldestAvailableAt: number
  /** Why a seq jump before this page's first new event happened, when the engine knows (410). */
  gapReason: string
  now: number
  /**
   * A repair pass (re-syncing a mismatched day with its own cursor): only fills and checks events
   * at or below the stream's last seq, and restores the server's content of an event stored with
   * other content (keeping the replaced raw as a conflict); the stream's cursor, seq and gaps are
   * left to the main sync.
   */
  isRepair?: boolean
}

type ConnectionRow = {
  id: string
  organization_id: string
  organization_name: string
  base_url: string
  added_at: number
}
type StateRow = {
  cursor: string | null
  last_seq: number
  oldest_available_at: number | null
  last_success_at: number | null
  restart_since: number | null
  restart_reason: string | null
}

/** Prepared statements of the sync engine over one database. */
export function createSyncStore(db: Database.Database) {
  const tables: Record<StreamName, StreamTable> = {
    'audit-events': prepareStreamTable(db, 'audit-events'),
    'request-logs': prepareStreamTable(db, 'request-logs'),
  }
  const statements = prepareStatements(db)
  const reindexAudit = createAuditReindexer(db)
  const applyPage = db.transaction((page: PageToApply): PageCounts => {
    const table = tables[page.stream]
    const state = readState(page.connectionId, page.stream)
    const counts: PageCounts = {
      newEvents: 0,
      duplicates: 0,
      conflicts: 0,
      quarantined: 0,
      gaps: 0,
    }
    let lastSeq = state.lastSeq
    for (const item of page.items) {
      if (item.seq !== null && item.seq <= lastSeq) {
        redelivered(table, page, item, counts)
        continue
      }
      if (page.isRepair === true) continue
      if (item.seq !== null && lastSeq > 0 && item.seq > lastSeq + 1) {
        statements.insertGap.run({
          ...key(page),
          from_seq: lastSeq + 1,
          to_seq: item.seq - 1,
          reason: page.gapReason,
          now: page.now,
          run_id: page.runId,
        })
        counts.gaps += 1
      }
      store(table, page, item, counts)
      if (item.seq !== null) lastSeq = item.seq
    }
    if (page.stream === 'audit-events') rememberActors(page)
    else rememberApiKeys(page)
    if (page.isRepair !== true) {
      statements.saveState.run({
        ...key(page),
        cursor: page.nextCursor,
        last_seq: lastSeq,
        oldest: page.oldestAvailableAt,
      })
    }
    statements.countPage.run({
      run_id: page.runId,
      new_events: counts.newEvents,
      duplicates: counts.duplicates,
      conflicts: counts.conflicts,
      quarantined: counts.quarantined,
    })
    return counts
  })

  // Actors and API keys already written (committed, or in the open batch): a bulk sync names the
  // same few hundred identities on every page, and skipping their INSERT OR IGNORE saves a
  // statement per identity per page. Forgotten when a batch rolls back.
  const knownActors = new KnownIdentities()
  const knownApiKeys = new KnownIdentities()
  let knownFor: string | undefined

  function forgetKnown(): void {
    knownActors.clear()
    knownApiKeys.clear()
    knownFor = undefined
  }

  /** Keeps the small actors table current, so actor filters resolve names and emails to ids. */
  function rememberActors(page: PageToApply): void {
    for (const item of page.items) {
      if (item.kind !== 'event' || !('actor' in item.value)) continue
      const { id, type, email = null, name = null } = item.value.actor
      if (knownActors.add(id, email, name))
        statements.rememberActor.run(page.connectionId, id, type, email, name)
    }
  }

  /** Keeps the small api_keys table current, so a key filter resolves a last 4 to key ids. */
  function rememberApiKeys(page: PageToApply): void {
    for (const item of page.items) {
      if (item.kind !== 'event' || !('api_key' in item.value) || item.value.api_key === null)
        continue
      const { id, last4, name = null } = item.value.api_key
      if (knownApiKeys.add(id, last4, name))
        statements.rememberApiKey.run(page.connectionId, id, last4, name)
    }
  }

  function store(
    table: StreamTable,
    page: PageToApply,
    item: PageToApply['items'][number],
    counts: PageCounts,
  ): void {
    if (item.kind === 'event') {
      if (table.insert(page.connectionId, item.value, item.raw)) {
        counts.newEvents += 1
        return
      }
      // The contract's id is the de-duplication key: an id under a new seq is a server fault.
      const sameId = table.findById(page.connectionId, item.id)
      if (sameId === undefined) throw new Error(`event ${item.id} was refused but is not stored`)
      recordConflict(page, item.seq, item.id, sameId.raw, item.raw, counts)
    } else {
      statements.insertQuarantine.run({
        ...key(page),
        seq: item.seq,
        event_id: item.id,
        raw: item.raw,
        reason: item.reason,
        now: page.now,
        run_id: page.runId,
      })
      counts.quarantined += 1
    }
  }

  function redelivered(
    table: StreamTable,
    page: PageToApply,
    item: PageToApply['items'][number],
    counts: PageCounts,
  ): void {
    const seq = item.seq ?? 0
    const stored = table.findBySeq(page.connectionId, seq)
    if (stored === undefined) {
      const wasQuarantined = statements.findQuarantined.get({ ...key(page), seq }) !== undefined
      if (wasQuarantined && item.kind === 'quarantined') counts.duplicates += 1
      else {
        const storedBefore = counts.newEvents
        store(table, page, item, counts)
        // Filled in below the seqs the alert rules may already have passed: evaluated next time.
        if (page.stream === 'audit-events' && counts.newEvents > storedBefore)
          statements.markFilled.run({ connection_id: page.connectionId, seq })
      }
      return
    }
    if (stored.id === item.id && sameContent(stored.raw, item.raw)) {
      counts.duplicates += 1
      return
    }
    recordConflict(page, seq, item.id ?? '', stored.raw, item.raw, counts)
    // A repair restores the server's copy of the same event; the replaced one stays in conflicts.
    if (page.isRepair === true && stored.id === item.id && item.kind === 'event') {
      const rowId = table.replace(page.connectionId, item.value, item.raw)
      if (rowId !== undefined && page.stream === 'audit-events') reindexAudit(rowId)
    }
  }

  function recordConflict(
    page: PageToApply,
    seq: number,
    eventId: string,
    storedRaw: string,
    receivedRaw: string,
    counts: PageCounts,
  ): void {
    statements.insertConflict.run({
      ...key(page),
      seq,
      event_id: eventId,
      stored_raw: storedRaw,
      received_raw: receivedRaw,
      now: page.now,
      run_id: page.runId,
    })
    counts.conflicts += 1
  }

  function readState(connectionId: string, stream: StreamName): StreamState {
    const row = statements.readState.get({ connection_id: connectionId, stream })
    return {
      cursor: row?.cursor ?? null,
      lastSeq: row?.last_seq ?? 0,
      oldestAvailableAt: row?.oldest_available_at ?? null,
      lastSuccessAt: row?.last_success_at ?? null,
      restartSince: row?.restart_since ?? null,
      restartReason: row?.restart_reason ?? null,
    }
  }

  return {
    /** Stores one page and its cursor atomically (a savepoint when inside a batch). */
    applyPage(page: PageToApply): PageCounts {
      if (page.connectionId !== knownFor) {
        forgetKnown()
        knownFor = page.connectionId
      }
      try {
        return applyPage.immediate(page)
      } catch (error) {
        forgetKnown()
        throw error
      }
    },
    /** Opens a write transaction that groups several pages into one commit (one fsync). */
    beginBatch(): void {
      if (!db.inTransaction) db.exec('BEGIN IMMEDIATE')
    },
    /** Commits the open batch: every page in it, with its cursor, becomes durable together. */
    commitBatch(): void {
      if (db.inTransaction) db.exec('COMMIT')
    },
    /** Drops the open batch: its pages were not committed, so their cursor was not either. */
    rollbackBatch(): void {
      forgetKnown()
      if (db.inTransaction) db.exec('ROLLBACK')
    },
    readState,
    /** Finds the connection for this server and organization, creating it on first use. */
    ensureConnection(
      baseUrl: string,
      organizationId: string,
      organizationName: string,
      now: number,
    ): Connection {
      statements.insertConnection.run({
        id: `con_${randomUUID()}`,
        organization_id: organizationId,
        organization_name: organizationName,
        base_url: baseUrl,
        now,
      })
      statements.renameConnection.run({
        organization_id: organizationId,
        organization_name: organizationName,
        base_url: baseUrl,
      })
      const row = statements.findConnection.get({
        base_url: baseUrl,
        organization_id: organizationId,
      })
      if (row === undefined) throw new Error('connection row vanished after insert')
      return toConnection(row)
    },
    listConnections: (): Connection[] => statements.listConnections.all().map(toConnection),
    startRun(connectionId: string, stream: StreamName, now: number): number {
      return Number(
        statements.startRun.run({ connection_id: connectionId, stream, now }).lastInsertRowid,
      )
    },
    countPageFetched(runId: number): void {
      statements.countFetch.run({ run_id: runId })
    },
    finishRun(
      runId: number,
      outcome: RunOutcome,
      now: number,
      error?: { code: string; message: string },
    ): void {
      statements.finishRun.run({
        run_id: runId,
        outcome,
        now,
        code: error?.code ?? null,
        message: error?.message ?? null,
      })
    },
    /** Runs left 'running' by a process that died (a crash, a kill) end as interrupted. */
    markInterruptedRuns(now: number): number {
      return statements.markInterrupted.run({ now }).changes
    },
    /** Forgets the cursor (after a 410) so the next request starts from `since`. */
    resetCursor(
      connectionId: string,
      stream: StreamName,
      since: number | null,
      reason: string,
    ): void {
      statements.resetCursor.run({ connection_id: connectionId, stream, since, reason })
    },
    markSuccess(connectionId: string, stream: StreamName, now: number): void {
      statements.markSuccess.run({ connection_id: connectionId, stream, now })
    },
  }
}

/** The sync store's interface. */
export type SyncStore = ReturnType<typeof createSyncStore>

/** Identities (an id and two optional texts) seen since the last clear. */
class KnownIdentities {
  private readonly byId = new Map<string, [string | null, string | null][]>()

  /** True the first time this identity is offered since the last clear. */
  add(id: string, first: string | null, second: string | null): boolean {
    const known = this.byId.get(id)
    if (known === undefined) {
      this.byId.set(id, [[first, second]])
      return true
    }
    for (const [a, b] of known) if (a === first && b === second) return false
    known.push([first, second])
    return true
  }

  clear(): void {
    this.byId.clear()
  }
}

function key(page: PageToApply) {
  return { connection_id: page.connectionId, stream: page.stream }
}

/** Same values, whatever the key order or whitespace: the contract's "same content". */
function sameContent(stored: string, received: string): boolean {
  if (stored === received) return true
  return canonicalize(JSON.parse(stored)) === canonicalize(JSON.parse(received))
}

function toConnection(row: ConnectionRow): Connection {
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    baseUrl: row.base_url,
    addedAt: row.added_at,
  }
}

function prepareStatements(db: Database.Database) {
  return {
    insertConnection: db.prepare(
      'INSERT OR IGNORE INTO connections (id, organization_id, organization_name, base_url, added_at) VALUES (@id, @organization_id, @organization_name, @base_url, @now)',
    ),
    renameConnection: db.prepare(
      'UPDATE connections SET organization_name = @organization_name WHERE base_url = @base_url AND organization_id = @organization_id',
    ),
    findConnection: db.prepare<{ base_url: string; organization_id: string }, ConnectionRow>(
      'SELECT * FROM connections WHERE base_url = @base_url AND organization_id = @organization_id',
    ),
    listConnections: db.prepare<[], ConnectionRow>(
      'SELECT * FROM connections ORDER BY added_at, id',
    ),
    readState: db.prepare<{ connection_id: string; stream: string }, StateRow>(
      'SELECT cursor, last_seq, oldest_available_at, last_success_at, restart_since, restart_reason FROM sync_state WHERE connection_id = @connection_id AND stream = @stream',
    ),
    saveState: db.prepare(
      `INSERT INTO sync_state (connection_id, stream, cursor, last_seq, oldest_available_at) VALUES (@connection_id, @stream, @cursor, @last_seq, @oldest)
       ON CONFLICT (connection_id, stream) DO UPDATE SET cursor = excluded.cursor, last_seq = excluded.last_seq, oldest_available_at = excluded.oldest_available_at,
       restart_since = NULL, restart_reason = NULL`,
    ),
    resetCursor: db.prepare(
      `INSERT INTO sync_state (connection_id, stream, cursor, restart_since, restart_reason) VALUES (@connection_id, @stream, NULL, @since, @reason)
       ON CONFLICT (connection_id, stream) DO UPDATE SET cursor = NULL, restart_since = excluded.restart_since, restart_reason = excluded.restart_reason`,
    ),
    markSuccess: db.prepare(
      'UPDATE sync_state SET last_success_at = @now WHERE connection_id = @connection_id AND stream = @stream',
    ),
    startRun: db.prepare(
      "INSERT INTO sync_runs (connection_id, stream, started_at, outcome) VALUES (@connection_id, @stream, @now, 'running')",
    ),
    markInterrupted: db.prepare(
      "UPDATE sync_runs SET outcome = 'incomplete', ended_at = @now, error_code = 'interrupted', error_message = 'The process running this sync stopped before it ended (a crash, a kill or a power loss). Every page committed before that is kept; the next sync resumes from there.' WHERE outcome = 'running'",
    ),
    countFetch: db.prepare('UPDATE sync_runs SET pages = pages + 1 WHERE id = @run_id'),
    countPage: db.prepare(
      `UPDATE sync_runs SET new_events = new_events + @new_events, duplicates = duplicates + @duplicates,
       conflicts = conflicts + @conflicts, quarantined = quarantined + @quarantined WHERE id = @run_id`,
    ),
    finishRun: db.prepare(
      'UPDATE sync_runs SET outcome = @outcome, ended_at = @now, error_code = @code, error_message = @message WHERE id = @run_id',
    ),
    insertGap: db.prepare(
      'INSERT INTO gaps (connection_id, stream, from_seq, to_seq, reason, detected_at, run_id) VALUES (@connection_id, @stream, @from_seq, @to_seq, @reason, @now, @run_id)',
    ),
    insertQuarantine: db.prepare(
      'INSERT INTO quarantine (connection_id, stream, seq, event_id, raw, reason, received_at, run_id) VALUES (@connection_id, @stream, @seq, @event_id, @raw, @reason, @now, @run_id)',
    ),
    markFilled: db.prepare<{ connection_id: string; seq: number }>(
      'INSERT OR IGNORE INTO alert_filled_events (connection_id, seq) VALUES (@connection_id, @seq)',
    ),
    findQuarantined: db.prepare<
      { connection_id: string; stream: string; seq: number },
      { id: number }
    >(
      'SELECT id FROM quarantine WHERE connection_id = @connection_id AND stream = @stream AND seq = @seq LIMIT 1',
    ),
    rememberActor: db.prepare<[string, string, string, string | null, string | null]>(
      'INSERT OR IGNORE INTO actors (connection_id, actor_id, actor_type, email, name) VALUES (?, ?, ?, ?, ?)',
    ),
    rememberApiKey: db.prepare<[string, string, string, string | null]>(
      'INSERT OR IGNORE INTO api_keys (connection_id, key_id, last4, name) VALUES (?, ?, ?, ?)',
    ),
    insertConflict: db.prepare(
      'INSERT INTO conflicts (connection_id, stream, seq, event_id, stored_raw, received_raw, detected_at, run_id) VALUES (@connection_id, @stream, @seq, @event_id, @stored_raw, @received_raw, @now, @run_id)',
    ),
  }
}
