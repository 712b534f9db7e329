// Bulk template deletion: at least N deletions by one actor within M minutes (a sliding window,
// so a burst across a window boundary still counts). One finding per burst, covering every
// deletion of the merged windows.
import type { Thresholds } from '../../../shared/detection-thresholds'
import { dayMs, minuteMs } from '../baseline'
import { figure, listText, plural, span, utc } from '../explain'
import type { DetectionRule, FindingDraft, RuleContext } from '../rule-types'

type Burst = { actorId: string; start: number; end: number; most: number }

/** The bulk template deletion rule. */
export const bulkDeletionRule: DetectionRule = {
  id: 'bulk-template-deletion',
  version: 1,
  title: 'Bulk template deletion',
  summary:
    'Many templates deleted by one actor within minutes: sabotage, a compromised account wiping data, or a script gone wrong.',
  stream: 'audit-events',
  detect(context, thresholds) {
    const spanMs = (thresholds.windowMinutes ?? 10) * minuteMs
    // A burst that ends after `from` is rebuilt from at most a day before it.
    const ends = context.reads.activity.denseEnds(
      'template.deleted',
      context.from - spanMs - dayMs,
      spanMs,
      thresholds.minimumDeletions ?? 20,
    )
    return bursts(ends, spanMs)
      .filter((burst) => burst.end >= context.from)
      .map((burst) => describe(context, burst, thresholds))
  },
}

/** Merges each dense window [end - span, end] of an actor with the overlapping ones. */
function bursts(
  ends: readonly { actorId: string; occurredAt: number; inSpan: number }[],
  spanMs: number,
): Burst[] {
  const merged: Burst[] = []
  for (const end of ends) {
    const current = merged.at(-1)
    if (current?.actorId === end.actorId && end.occurredAt - spanMs <= current.end) {
      current.end = end.occurredAt
      current.most = Math.max(current.most, end.inSpan)
    } else
      merged.push({
        actorId: end.actorId,
        start: end.occurredAt - spanMs,
        end: end.occurredAt,
        most: end.inSpan,
      })
  }
  return merged
}

function describe(context: RuleContext, burst: Burst, thresholds: Thresholds): FindingDraft {
  const deletions = context.reads.activity.actorActions(
    burst.actorId,
    'template.deleted',
    burst.start,
    burst.end,
  )
  const first = deletions[0]?.occurredAt ?? burst.end
  const last = deletions.at(-1)?.occurredAt ?? burst.end
  const label = deletions[0]?.actorLabel ?? context.reads.activity.actorLabel(burst.actorId)
  const names = [...new Set(deletions.map((each) => each.resourceName ?? each.resourceId ?? '?'))]
  const ips = [...new Set(deletions.map((each) => each.ip).filter((ip) => ip !== null))]
  const minutes = thresholds.windowMinutes ?? 10
  const explanation =
    `${label ?? burst.actorId} deleted ${plural(deletions.length, 'template')} within ${span(last - first)} (${utc(first)} to ${utc(last)}), ` +
    `at most ${figure(burst.most)} within any ${plural(minutes, 'minute')}; the threshold is ${plural(thresholds.minimumDeletions ?? 20, 'deletion')} within ${plural(minutes, 'minute')}. ` +
    `Templates: ${listText(names, 4)}.`
  return {
    ruleId: 'bulk-template-deletion',
    ruleVersion: 1,
    severity: 'high',
    key: burst.actorId,
    window: { start: first, end: last },
    anchor: first,
    actors: [{ id: burst.actorId, label }],
    ipAddresses: ips,
    apiKeys: [],
    explanation,
    measurements: { deletions: deletions.length, mostWithinWindow: burst.most },
    thresholds,
    evidence: { auditEvents: deletions.map((each) => each.id), requestLogs: [] },
  }
}
