// Runs the detections on one connection's events: first the events never examined (by row id,
// kept in detection_state with the earliest time still to evaluate, so a crash never skips
// events), then every enabled rule over the windows those events touch, then the findings in
// one transaction. A first run, new thresholds or another country database mean a full run.
// The same events and settings always give the same findings.
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { DetectionRunSummary } from '../../shared/findings-schemas'
import { countryDatabaseIdentity } from '../geo/country-database'
import { refreshIpCountries } from '../geo/ip-countries'
import { createDetectReads } from './detect-reads'
import { findingId } from './finding-id'
import { createFindingStore, type StoredFinding } from './finding-store'
import { summariseRequests } from './reads/usage-reads'
import { maxEvidencePerStream, type DetectionRule, type FindingDraft } from './rule-types'
import { detectionRules } from './rules'
import { createDetectionSettingsStore, type RuleSetting } from './settings-store'
import { createStateStore, type DetectionState } from './state-store'

/** The earliest instant a full run evaluates from (JavaScript's earliest date). */
export const everything = -8_640_000_000_000_000

/** What one rule produced over its range. */
type RuleResult = { ruleId: string; from: number; drafts: FindingDraft[] }

/**
 * Runs the detections for `connectionId` at `now` (the time findings are stamped with); `rules`
 * is every rule unless a test gives others.
 */
export function runDetections(
  db: Database.Database,
  connectionId: string,
  now: number,
  rules: readonly DetectionRule[] = detectionRules,
): DetectionRunSummary {
  const started = performance.now()
  // Addresses a sync stored are placed in countries first (cheap when up to date).
  refreshIpCountries(db)
  const settings = createDetectionSettingsStore(db).current()
  const fingerprint = fingerprintOf(db, settings)
  const states = createStateStore(db)
  const previous = states.get(connectionId)
  const pending = db
    .transaction(() => examineNewEvents(db, connectionId, previous, fingerprint))
    .immediate()
  const reads = createDetectReads(db, connectionId)
  const results: RuleResult[] = []
  for (const rule of rules) {
    const from =
      rule.stream === 'audit-events' ? pending.auditPendingFrom : pending.requestPendingFrom
    if (from === null) continue
    const setting = settings.get(rule.id)
    const drafts =
      setting?.isEnabled === true
        ? rule.detect({ connectionId, from, reads }, setting.thresholds)
        : []
    results.push({ ruleId: rule.id, from, drafts })
  }
  const findings = createFindingStore(db)
  const added = db
    .transaction(() => {
      let count = 0
      for (const result of results) count += store(findings, connectionId, result, now)
      states.set(connectionId, {
        ...pending,
        auditPendingFrom: null,
        requestPendingFrom: null,
        lastRunAt: now,
        lastRunMs: Math.round(performance.now() - started),
      })
      return count
    })
    .immediate()
  return {
    findings: findings.count(connectionId),
    added,
    isFull: previous?.fingerprint !== fingerprint,
    durationMs: Math.round(performance.now() - started),
  }
}

/**
 * Adds the request rows never examined to the usage summary and records, per stream, the
 * earliest time to evaluate from; everything after a first run or a change of settings.
 */
function examineNewEvents(
  db: Database.Database,
  connectionId: string,
  previous: DetectionState | null,
  fingerprint: string,
): DetectionState {
  const states = createStateStore(db)
  const newest = states.newestRowIds()
  const isFull = previous?.fingerprint !== fingerprint
  const auditAfter = previous?.auditRowId ?? 0
  const requestAfter = previous?.requestRowId ?? 0
  const earliestRequest =
    newest.requests > requestAfter
      ? summariseRequests(db, connectionId, requestAfter, newest.requests)
      : null
  const earliestAudit =
    isFull || newest.audit <= auditAfter
      ? null
      : states.earliestAudit(connectionId, auditAfter, newest.audit)
  const earliest = (stored: number | null, found: number | null) =>
    isFull ? everything : found === null ? stored : Math.min(stored ?? found, found)
  const state: DetectionState = {
    auditRowId: Math.max(auditAfter, newest.audit),
    requestRowId: Math.max(requestAfter, newest.requests),
    auditPendingFrom: earliest(previous?.auditPendingFrom ?? null, earliestAudit),
    requestPendingFrom: earliest(previous?.requestPendingFrom ?? null, earliestRequest),
    fingerprint,
    lastRunAt: previous?.lastRunAt ?? null,
    lastRunMs: previous?.lastRunMs ?? null,
  }
  states.set(connectionId, state)
  return state
}

/** Stores a rule's findings and removes those of its range it no longer finds; returns how many are new. */
function store(
  findings: ReturnType<typeof createFindingStore>,
  connectionId: string,
  result: RuleResult,
  now: number,
): number {
  let added = 0
  const ids: string[] = []
  for (const draft of result.drafts) {
    const stored = toStored(connectionId, draft)
    ids.push(stored.id)
    if (findings.upsert(stored, now) === 'added') added += 1
  }
  findings.removeStale(connectionId, result.ruleId, result.from, ids)
  return added
}

/** The stored form of a draft: its id, evidence capped per stream, and a hash of its content. */
export function toStored(connectionId: string, draft: FindingDraft): StoredFinding {
  const auditEvents = [...new Set(draft.evidence.auditEvents)]
  const requestLogs = [...new Set(draft.evidence.requestLogs)]
  const isTruncated =
    auditEvents.length > maxEvidencePerStream || requestLogs.length > maxEvidencePerStream
  const content = {
    severity: draft.severity,
    windowStart: draft.window.start,
    windowEnd: draft.window.end,
    subjects: { actors: draft.actors, ipAddresses: draft.ipAddresses, apiKeys: draft.apiKeys },
    explanation: draft.explanation,
    measurements: draft.measurements,
    thresholds: draft.thresholds,
    evidence: {
      auditEvents: auditEvents.slice(0, maxEvidencePerStream),
      requestLogs: requestLogs.slice(0, maxEvidencePerStream),
      isTruncated,
    },
  }
  return {
    id: findingId(connectionId, draft.ruleId, draft.ruleVersion, draft.key, draft.anchor),
    connectionId,
    ruleId: draft.ruleId,
    ruleVersion: draft.ruleVersion,
    ...content,
    contentHash: createHash('sha256').update(JSON.stringify(content)).digest('hex'),
  }
}

/** What the findings depend on besides the events: each rule's version, state and thresholds,
 * and the country database. */
function fingerprintOf(db: Database.Database, settings: ReadonlyMap<string, RuleSetting>): string {
  const rules = detectionRules.map((rule) => {
    const setting = settings.get(rule.id)
    return [rule.id, rule.version, setting?.isEnabled ?? true, setting?.thresholds ?? {}]
  })
  return createHash('sha256')
    .update(JSON.stringify({ rules, countries: countryDatabaseIdentity(db) }))
    .digest('hex')
}
