// SQL of the alert inbox: the alerts (each with a copy of its event's fields, so the inbox
// outlives local retention), their read state, and the rules that matched more events in one
// sync than the inbox keeps.
import type Database from 'better-sqlite3'
import type { Alert, Severity } from '../../shared/alert-schemas'

type AlertRow = {
  id: number
  connection_id: string
  rule_id: string
  rule_name: string
  severity: Severity
  is_historical: number
  raised_at: number
  read_at: number | null
  read_by: string | null
  event_id: string
  event_seq: number
  occurred_at: number
  action: string
  status: string
  actor_id: string
  actor: string
  resource_type: string | null
  resource_id: string | null
  resource_name: string | null
  ip_address: string | null
  country: string | null
}

const alertColumns = `id, connection_id, rule_id, rule_name, severity, is_historical, raised_at,
  read_at, read_by, event_id, event_seq, occurred_at, action, status, actor_id, actor,
  resource_type, resource_id, resource_name, ip_address, country`

/** An alert row as the contract shows it. */
export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    connectionId: row.connection_id,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    severity: row.severity,
    isHistorical: row.is_historical === 1,
    raisedAt: row.raised_at,
    readAt: row.read_at,
    readBy: row.read_by,
    event: {
      id: row.event_id,
      seq: row.event_seq,
      occurredAt: row.occurred_at,
      action: row.action,
      status: row.status,
      actorId: row.actor_id,
      actor: row.actor,
      resourceType: row.resource_type,
      resourceId: row.resource_id,
      resourceName: row.resource_name,
      ip: row.ip_address,
      country: row.country,
    },
  }
}

/** A rule that matched more events in one sync than the inbox keeps. */
export type Overflow = { ruleId: string; ruleName: string; dropped: number; lastAt: number }

type ListParams = { connection: string; historical: number; limit: number; offset: number }

/** Prepared statements over alerts and alert_overflows. */
export function createAlertStore(db: Database.Database) {
  const listOf = (order: string) =>
    db.prepare<ListParams, AlertRow>(
      `SELECT ${alertColumns} FROM alerts WHERE connection_id = @connection AND is_historical = @historical
       ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    )
  // Newest first: by when raised, then by event, the most severe first among one event's alerts.
  const newestOrder = `raised_at DESC, event_seq DESC,
    CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, id DESC`
  const unreadFirst = listOf(`read_at IS NOT NULL, ${newestOrder}`)
  const newest = listOf(newestOrder)
  const total = db.prepare<{ connection: string; historical: number }, { n: number }>(
    'SELECT count(*) AS n FROM alerts WHERE connection_id = @connection AND is_historical = @historical',
  )
  const unread = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM alerts WHERE connection_id = ? AND is_historical = 0 AND read_at IS NULL',
  )
  const since = db.prepare<{ connection: string; after: number }, AlertRow>(
    `SELECT ${alertColumns} FROM alerts WHERE connection_id = @connection AND id > @after ORDER BY event_seq, id`,
  )
  const newestId = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM alerts')
  const markOne = db.prepare<{
    connection: string
    id: number
    at: number | null
    by: string | null
  }>(
    `UPDATE alerts SET read_at = @at, read_by = @by
     WHERE connection_id = @connection AND id = @id AND (read_at IS NULL) = (@at IS NOT NULL)`,
  )
  const markAll = db.prepare<{ connection: string; at: number; by: string }>(
    `UPDATE alerts SET read_at = @at, read_by = @by
     WHERE connection_id = @connection AND is_historical = 0 AND read_at IS NULL`,
  )
  const overflows = db.prepare<
    [string],
    { rule_id: string; rule_name: string; dropped: number; last_at: number }
  >(
    'SELECT rule_id, rule_name, dropped, last_at FROM alert_overflows WHERE connection_id = ? ORDER BY last_at DESC',
  )
  const organization = db.prepare<[string], { name: string }>(
    'SELECT organization_name AS name FROM connections WHERE id = ?',
  )
  const watermark = db.prepare<[string], { last_seq: number; is_live: number }>(
    "SELECT last_seq, is_live FROM alert_watermarks WHERE connection_id = ? AND stream = 'audit-events'",
  )
  const addOverflow = db.prepare<{
    connection: string
    rule: string
    name: string
    dropped: number
    at: number
  }>(
    `INSERT INTO alert_overflows (connection_id, rule_id, rule_name, dropped, last_at)
     VALUES (@connection, @rule, @name, @dropped, @at)
     ON CONFLICT (connection_id, rule_id) DO UPDATE SET rule_name = excluded.rule_name,
       dropped = dropped + excluded.dropped, last_at = excluded.last_at`,
  )

  return {
    /** The connection's organization name, or undefined when the connection is not cached. */
    organizationName: (connectionId: string): string | undefined =>
      organization.get(connectionId)?.name,
    /** The seq up to which the rules ran, and whether syncs raise alerts yet. */
    watermark(connectionId: string): { watermarkSeq: number | null; isLive: boolean } {
      const row = watermark.get(connectionId)
      return { watermarkSeq: row?.last_seq ?? null, isLive: row?.is_live === 1 }
    },
    /** A page of a connection's raised (or historical) alerts, and how many there are. */
    list(
      connectionId: string,
      options: { isHistorical: boolean; isUnreadFirst: boolean; limit: number; offset: number },
    ): { alerts: Alert[]; total: number } {
      const params = { connection: connectionId, historical: options.isHistorical ? 1 : 0 }
      const statement = options.isUnreadFirst ? unreadFirst : newest
      const rows = statement.all({ ...params, limit: options.limit, offset: options.offset })
      return { alerts: rows.map(toAlert), total: total.get(params)?.n ?? 0 }
    },
    /** Unread raised alerts, raised and historical alert counts. */
    counts(connectionId: string): { unread: number; raised: number; historical: number } {
      return {
        unread: unread.get(connectionId)?.n ?? 0,
        raised: total.get({ connection: connectionId, historical: 0 })?.n ?? 0,
        historical: total.get({ connection: connectionId, historical: 1 })?.n ?? 0,
      }
    },
    /** The newest alert id in the cache (0 when none): alerts after it are new. */
    newestId: (): number => newestId.get()?.id ?? 0,
    /** The connection's alerts with an id above `after`, in the order their events came. */
    since: (connectionId: string, after: number): Alert[] =>
      since.all({ connection: connectionId, after }).map(toAlert),
    /** Marks alerts read (stamped) or unread; returns how many changed. */
    mark(connectionId: string, ids: readonly number[], read: { at: number; by: string } | null) {
      return db.transaction(() => {
        let changed = 0
        for (const id of ids)
          changed += markOne.run({
            connection: connectionId,
            id,
            at: read?.at ?? null,
            by: read?.by ?? null,
          }).changes
        return changed
      })()
    },
    /** Marks every unread raised alert of the connection read; returns how many changed. */
    markAll: (connectionId: string, read: { at: number; by: string }): number =>
      markAll.run({ connection: connectionId, ...read }).changes,
    /** The rules that matched more than the inbox kept, newest first. */
    overflows: (connectionId: string): Overflow[] =>
      overflows.all(connectionId).map((row) => ({
        ruleId: row.rule_id,
        ruleName: row.rule_name,
        dropped: row.dropped,
        lastAt: row.last_at,
      })),
    /** Adds to a rule's count of matches not kept. */
    addOverflow: (
      connectionId: string,
      rule: { id: string; name: string },
      dropped: number,
      at: number,
    ): void => {
      addOverflow.run({ connection: connectionId, rule: rule.id, name: rule.name, dropped, at })
    },
  }
}

/** The alert store's interface. */
export type AlertStore = ReturnType<typeof createAlertStore>
