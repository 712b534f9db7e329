// Evaluates the enabled alert rules on a connection's new audit events: those with a seq above
// the connection's alert watermark. The matches, the dropped counts and the new watermark are
// written in one transaction, so a crash or a cancelled sync never skips or doubles an alert
// (what was not committed is evaluated next time; a unique key refuses a second copy anyway).
//
// The first evaluation of a connection, and every one until a sync of its audit log has once
// completed, records its matches as history (`isHistorical`): a first sync brings 90 days of
// events, and alerting on each old key creation then would only bury the live ones. Rules apply
// from the watermark on: a rule written or changed later never looks back at older events.
//
// Events stored later at or below the watermark (a day repair fills in missing seqs; the sync
// store lists each in alert_filled_events) are evaluated in the same transaction with the
// watermark's flag, then struck from that list: every stored event is evaluated exactly once.
import type Database from 'better-sqlite3'
import { maxAlertsPerRule, type Alert, type AlertRule } from '../../shared/alert-schemas'
import { registerSqlFunctions } from '../query/sql-functions'
import { createAlertStore } from './alert-store'
import { ruleToSql } from './rule-sql'
import { createRuleStore } from './rule-store'

export { maxAlertsPerRule }

/**
 * Batches up to this many events are walked by seq (testing each new event against the rule);
 * larger ones (a first sync) let SQLite drive by the rule's own index (its action, say).
 */
const seqWalkLimit = 50_000

/** What one evaluation did. */
export type Evaluation = {
  /** The seqs evaluated: above `afterSeq`, up to and including `uptoSeq` (equal: none new). */
  afterSeq: number
  uptoSeq: number
  /** Whether the matches were recorded as history (the first sync) rather than raised. */
  isHistorical: boolean
  /** The alerts this evaluation added, in the order their events came (by seq). */
  alerts: Alert[]
  /** Rules that matched more than maxAlertsPerRule events: how many matches were not kept. */
  dropped: { ruleId: string; ruleName: string; count: number }[]
}

type Watermark = { last_seq: number; is_live: number }

/** Runs the enabled rules over the connection's audit events above its watermark. */
export function evaluateNewEvents(
  db: Database.Database,
  connectionId: string,
  now: number,
  onUnreadableRule?: (id: string) => void,
): Evaluation {
  registerSqlFunctions(db)
  const rules = createRuleStore(db, onUnreadableRule)
  const alerts = createAlertStore(db)
  const statements = prepareWatermark(db)
  return db
    .transaction((): Evaluation => {
      const mark = statements.read.get(connectionId)
      const after = mark?.last_seq ?? 0
      const upto = statements.newestSeq.get(connectionId)?.seq ?? after
      const isHistorical = mark?.is_live !== 1
      const newestBefore = alerts.newestId()
      const dropped: Evaluation['dropped'] = []
      const scopes: Scope[] = []
      if (upto > after) scopes.push('new')
      if (after > 0 && statements.hasFilled.get(connectionId, after) !== undefined)
        scopes.push('filled')
      for (const scope of scopes) {
        const batch = { connectionId, after, upto, now, isHistorical, scope }
        for (const rule of rules.list().filter((each) => each.isEnabled)) {
          const count = raise(db, rule, batch)
          if (count > 0) {
            dropped.push({ ruleId: rule.id, ruleName: rule.name, count })
            alerts.addOverflow(connectionId, rule, count, now)
          }
        }
      }
      statements.clearFilled.run(connectionId, Math.max(upto, after))
      const hasCompleted = statements.completed.get(connectionId) !== undefined
      statements.save.run({
        connection: connectionId,
        seq: Math.max(upto, after),
        live: !isHistorical || hasCompleted ? 1 : 0,
        now,
      })
      const added = alerts.since(connectionId, newestBefore)
      return {
        afterSeq: after,
        uptoSeq: Math.max(upto, after),
        isHistorical,
        alerts: added,
        dropped,
      }
    })
    .immediate()
}

function prepareWatermark(db: Database.Database) {
  return {
    read: db.prepare<[string], Watermark>(
      "SELECT last_seq, is_live FROM alert_watermarks WHERE connection_id = ? AND stream = 'audit-events'",
    ),
    newestSeq: db.prepare<[string], { seq: number | null }>(
      'SELECT max(seq) AS seq FROM audit_events WHERE connection_id = ?',
    ),
    hasFilled: db.prepare<[string, number], { one: number }>(
      'SELECT 1 AS one FROM alert_filled_events WHERE connection_id = ? AND seq <= ? LIMIT 1',
    ),
    clearFilled: db.prepare<[string, number]>(
      'DELETE FROM alert_filled_events WHERE connection_id = ? AND seq <= ?',
    ),
    completed: db.prepare<[string], { one: number }>(
      "SELECT 1 AS one FROM sync_state WHERE connection_id = ? AND stream = 'audit-events' AND last_success_at IS NOT NULL",
    ),
    save: db.prepare<{ connection: string; seq: number; live: number; now: number }>(
      `INSERT INTO alert_watermarks (connection_id, stream, last_seq, is_live, updated_at)
       VALUES (@connection, 'audit-events', @seq, @live, @now)
       ON CONFLICT (connection_id, stream) DO UPDATE SET last_seq = excluded.last_seq,
         is_live = excluded.is_live, updated_at = excluded.updated_at`,
    ),
  }
}

/** The events of one pass: the new ones (above the watermark), or those filled in below it. */
type Scope = 'new' | 'filled'

type Batch = {
  scope: Scope
  connectionId: string
  after: number
  upto: number
  now: number
  isHistorical: boolean
}

/** Stores the rule's newest matches in the batch as alerts; returns how many were not kept. */
function raise(db: Database.Database, rule: AlertRule, batch: Batch): number {
  const where = ruleToSql(rule.conditions)
  // A small batch is walked by seq: the rule is tested on the new events only. (The unique
  // (connection_id, seq) index is never deferred, so it always exists.) Filled-in events are
  // few (a repaired day's) and walked by seq too.
  const source =
    batch.scope === 'filled' || batch.upto - batch.after <= seqWalkLimit
      ? 'audit_events AS e INDEXED BY audit_events_by_seq'
      : 'audit_events AS e'
  const seqs =
    batch.scope === 'new'
      ? 'e.seq > @alertAfter AND e.seq <= @alertUpto'
      : 'e.seq IN (SELECT f.seq FROM alert_filled_events AS f WHERE f.connection_id = @alertConnection AND f.seq <= @alertAfter)'
  const inBatch = `e.connection_id = @alertConnection AND ${seqs} AND (${where.clause})`
  const params = {
    ...where.params,
    alertConnection: batch.connectionId,
    alertAfter: batch.after,
    alertUpto: batch.upto,
  }
  const inserted = db
    .prepare(
      `INSERT INTO alerts (connection_id, rule_id, rule_name, severity, is_historical, raised_at,
         event_id, event_seq, occurred_at, action, status, actor_id, actor, resource_type,
         resource_id, resource_name, ip_address, country)
       SELECT e.connection_id, @alertRule, @alertRuleName, @alertSeverity, @alertHistorical, @alertNow,
         e.id, e.seq, e.occurred_at, e.action, e.status, e.actor_id,
         coalesce(e.actor_email, e.actor_name, '…' || e.actor_last4, e.actor_id),
         e.resource_type, e.resource_id, e.resource_name, e.ip_address,
         (SELECT c.country FROM ip_countries AS c WHERE c.ip = e.ip_address)
       FROM ${source} WHERE ${inBatch}
       ORDER BY e.seq DESC LIMIT @alertLimit
       ON CONFLICT (connection_id, rule_id, event_id) DO NOTHING`,
    )
    .run({
      ...params,
      alertRule: rule.id,
      alertRuleName: rule.name,
      alertSeverity: rule.severity,
      alertHistorical: batch.isHistorical ? 1 : 0,
      alertNow: batch.now,
      alertLimit: maxAlertsPerRule,
    }).changes
  if (inserted < maxAlertsPerRule) return 0
  const total = db
    .prepare<typeof params, { n: number }>(`SELECT count(*) AS n FROM ${source} WHERE ${inBatch}`)
    .get(params)
  return Math.max(0, (total?.n ?? 0) - maxAlertsPerRule)
}
