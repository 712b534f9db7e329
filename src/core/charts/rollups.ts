// Keeps the chart rollups (migration 14) equal to what the events say, incrementally: after each
// sync the hours holding rows stored since the last update are rebuilt from their events, then
// their days from the hours. Progress is saved with the last row summarised only once every
// affected hour is rebuilt, so a crash redoes work but never skips events. Retention's deletions
// are reflected by rebuilding the hours before its cutoff once; a deleted and reused row id (the
// newest rows pruned) is noticed by the upstream id stored with the progress, and rebuilds all.
import type Database from 'better-sqlite3'
import { createRetention } from '../store/retention'
import { ceilTo, dayMs, floorTo, hourMs } from './buckets'
import { createRequestRollupStore, type Range } from './request-rollup-store'
import { createRollupStateStore, type RollupSource } from './rollup-state-store'
import { createSignInRollupStore } from './sign-in-rollup-store'

/** One family of rollups over a source table (see the stores). */
type Family = {
  source: RollupSource
  hoursOfRows(after: number, upto: number): { connectionId: string; hour: number }[]
  rolledHours(range: Range): number[]
  firstEventAtOrAfter(connectionId: string, time: number): number | undefined
  clear(): void
  rebuildHours(range: Range): void
  rebuildDays(range: Range): void
}

/** What one update did, per source table. */
export type RollupUpdate = {
  source: RollupSource
  /** Rebuilt from scratch (first update, or row ids reused). */
  isFull: boolean
  /** UTC days (per organization) whose rollups were rebuilt. */
  days: number
}

/** Options: a pause between days (so a long rebuild lets other work run), for hosts and tests. */
export type RollupOptions = { pause?: () => Promise<void> }

const nextTurn = () =>
  new Promise<void>((resolve) => {
    setImmediate(resolve)
  })

/**
 * Brings the chart rollups up to date with the cache `db` at `now` (retention's cutoff is read
 * from its setting at that time). Safe to run at any time and again after a crash.
 */
export async function updateChartRollups(
  db: Database.Database,
  now: number,
  options: RollupOptions = {},
): Promise<RollupUpdate[]> {
  const families: Family[] = [
    { source: 'request_logs', ...createRequestRollupStore(db) },
    { source: 'audit_events', ...createSignInRollupStore(db) },
  ]
  const updates: RollupUpdate[] = []
  for (const family of families)
    updates.push(await updateFamily(db, family, now, options.pause ?? nextTurn))
  return updates
}

/** Organization to the hours of it to rebuild. */
type Pending = Map<string, Set<number>>

async function updateFamily(
  db: Database.Database,
  family: Family,
  now: number,
  pause: () => Promise<void>,
): Promise<RollupUpdate> {
  const states = createRollupStateStore(db)
  const state = states.read(family.source)
  const newest = states.newest(family.source)
  const isReused =
    state.lastRowId > 0 && states.eventIdAt(family.source, state.lastRowId) !== state.lastEventId
  const after = isReused ? 0 : state.lastRowId
  const upto = newest?.rowId ?? 0
  const retentionDays = createRetention(db).retentionDays()
  const cutoff = retentionDays === null ? null : ceilTo(now - retentionDays * dayMs, hourMs)
  let days = 0
  if (after === 0) {
    db.transaction(() => {
      family.clear()
    })()
    for (const connectionId of states.connections())
      days += await rebuildEverything(db, family, connectionId, pause)
  } else {
    const pending: Pending = new Map()
    const add = (connectionId: string, hour: number) => {
      const hours = pending.get(connectionId) ?? new Set<number>()
      hours.add(hour)
      pending.set(connectionId, hours)
    }
    if (upto > after)
      for (const row of family.hoursOfRows(after, upto)) add(row.connectionId, row.hour)
    if (cutoff !== null && (state.reconciledBefore === null || state.reconciledBefore < cutoff)) {
      const from = state.reconciledBefore ?? Number.MIN_SAFE_INTEGER
      for (const connectionId of states.connections())
        for (const hour of family.rolledHours({ connectionId, from, to: cutoff }))
          add(connectionId, hour)
    }
    for (const [connectionId, hours] of pending)
      days += await rebuildHours(db, family, connectionId, hours, pause)
  }
  db.transaction(() => {
    states.save(family.source, {
      lastRowId: upto,
      lastEventId: newest?.id ?? null,
      reconciledBefore: cutoff ?? state.reconciledBefore,
    })
  }).immediate()
  return { source: family.source, isFull: after === 0, days }
}

/** Rebuilds every day of an organization that holds events, skipping empty stretches. */
async function rebuildEverything(
  db: Database.Database,
  family: Family,
  connectionId: string,
  pause: () => Promise<void>,
): Promise<number> {
  let days = 0
  for (
    let next = family.firstEventAtOrAfter(connectionId, Number.MIN_SAFE_INTEGER);
    next !== undefined;
    next = family.firstEventAtOrAfter(connectionId, floorTo(next, dayMs) + dayMs)
  ) {
    const day = floorTo(next, dayMs)
    rebuildDay(db, family, connectionId, [[day, day + dayMs]], day)
    days += 1
    await pause()
  }
  return days
}

/** Rebuilds an organization's hours (in runs per day) and their days; returns how many days. */
async function rebuildHours(
  db: Database.Database,
  family: Family,
  connectionId: string,
  hours: ReadonlySet<number>,
  pause: () => Promise<void>,
): Promise<number> {
  const byDay = new Map<number, number[]>()
  for (const hour of hours) {
    const day = floorTo(hour, dayMs)
    byDay.set(day, [...(byDay.get(day) ?? []), hour])
  }
  for (const [day, list] of [...byDay].sort((a, b) => a[0] - b[0])) {
    rebuildDay(db, family, connectionId, runsOf(list), day)
    await pause()
  }
  return byDay.size
}

/** Rebuilds hour runs within one day, then the day, in one transaction. */
function rebuildDay(
  db: Database.Database,
  family: Family,
  connectionId: string,
  runs: readonly (readonly [number, number])[],
  day: number,
): void {
  db.transaction(() => {
    for (const [from, to] of runs) family.rebuildHours({ connectionId, from, to })
    family.rebuildDays({ connectionId, from: day, to: day + dayMs })
  }).immediate()
}

/** Contiguous runs [from, to) of hour starts. */
function runsOf(hours: readonly number[]): [number, number][] {
  const runs: [number, number][] = []
  for (const hour of [...hours].sort((a, b) => a - b)) {
    const last = runs.at(-1)
    if (last?.[1] === hour) last[1] = hour + hourMs
    else runs.push([hour, hour + hourMs])
  }
  return runs
}
