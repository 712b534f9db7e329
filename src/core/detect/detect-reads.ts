// Everything a detection rule reads from the cache, for one connection: prepared statements over
// the indexes (sign-ins, account activity, the API usage summary). Rules see only this.
import type Database from 'better-sqlite3'
import { createActivityReads } from './reads/activity-reads'
import { createSignInReads } from './reads/sign-in-reads'
import { createUsageReads } from './reads/usage-reads'

/** Prepares the reads of one connection's events. */
export function createDetectReads(db: Database.Database, connectionId: string) {
  return {
    signIns: createSignInReads(db, connectionId),
    activity: createActivityReads(db, connectionId),
    usage: createUsageReads(db, connectionId),
  }
}

/** The reads a rule gets. */
export type DetectReads = ReturnType<typeof createDetectReads>
