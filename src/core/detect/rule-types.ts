// What a detection rule is: an id and version, what it looks for, the data it reads before the
// time it evaluates from, and a pure function from the cache's events to findings. Rules never
// read the clock: the same events and thresholds always give the same findings.
import type { Thresholds } from '../../shared/detection-thresholds'
import type { DetectionRuleId, FindingSeverity } from '../../shared/findings-schemas'
import type { DetectReads } from './detect-reads'

/** Someone or something a finding involves: an id and how people know it (email, key name). */
export type Subject = { id: string; label: string | null }

/** A finding as a rule produces it (the run derives its id and stores it). */
export type FindingDraft = {
  ruleId: DetectionRuleId
  ruleVersion: number
  severity: FindingSeverity
  /** What the finding is about (an actor id, an address, a key id): part of its id. */
  key: string
  /** The time it covers, both ends included: every evidence event lies within. */
  window: { start: number; end: number }
  /**
   * The instant that anchors its id with `key` (a window's start, or the triggering event's
   * time): stable while later events only add to the window.
   */
  anchor: number
  actors: Subject[]
  ipAddresses: string[]
  apiKeys: Subject[]
  explanation: string
  measurements: Record<string, number | string>
  thresholds: Thresholds
  /** Upstream ids of the events that make it up (capped by the run; totals in measurements). */
  evidence: { auditEvents: string[]; requestLogs: string[] }
}

/** What a rule reads the cache through, and the time from which it must report findings. */
export type RuleContext = {
  connectionId: string
  /**
   * Report every finding whose window ends at or after this instant (earlier ones are kept as
   * they are); a rule reads whatever history before it needs for its baselines.
   */
  from: number
  reads: DetectReads
}

/** One detection rule. */
export type DetectionRule = {
  id: DetectionRuleId
  /** Raised when what the rule finds changes: findings of another version get other ids. */
  version: number
  title: string
  /** One or two sentences on what it looks for and why it matters. */
  summary: string
  /** Which stream's new events call for evaluating it again. */
  stream: 'audit-events' | 'request-logs'
  /** The findings whose window ends at or after `context.from`. */
  detect(context: RuleContext, thresholds: Thresholds): FindingDraft[]
}

/** The most evidence ids kept per finding and stream (the count beyond is in measurements). */
export const maxEvidencePerStream = 10_000

/** How many evidence ids a rule reads: one more than are kept, so the run can tell that the
 * evidence was cut (counts and window ends come from SQL aggregates, never from this list). */
export const evidenceReadLimit = maxEvidencePerStream + 1

/** Events of a selection as SQL counts them: how many, and the first and last times. */
export type EventSpan = { count: number; first: number | null; last: number | null }
