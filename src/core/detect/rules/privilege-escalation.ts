// Privilege escalation: a member's role raised (viewer < member < admin < owner), when what
// follows makes it unusual: a grant of the highest role (owner), or the promoted member using
// privileged actions (removing or inviting members, changing roles, keys, organization or
// billing settings) within minutes. Routine promotions that nobody acts on are left alone.
import type { Thresholds } from '../../../shared/detection-thresholds'
import { minuteMs } from '../baseline'
import { listText, plural, tally, utc } from '../explain'
import type { RoleChange } from '../reads/activity-reads'
import type { DetectionRule, FindingDraft, RuleContext } from '../rule-types'

/** Roles from least to most privileged (the organization API's roles). */
const roleRanks = new Map([
  ['viewer', 0],
  ['member', 1],
  ['admin', 2],
  ['owner', 3],
])
const highestRole = 'owner'

/** What an admin or owner can do that a member cannot. */
export const privilegedActions = [
  'member.removed',
  'member.invited',
  'member.role_changed',
  'api_key.created',
  'api_key.deleted',
  'organization.updated',
  'billing.updated',
] as const

/** The privilege escalation rule. */
export const privilegeEscalationRule: DetectionRule = {
  id: 'privilege-escalation',
  version: 1,
  title: 'Privilege escalation',
  summary:
    'A member’s role raised to owner (the highest role), or raised and then used at once for privileged actions such as removing members: how an insider or a stolen admin account takes over an organization.',
  stream: 'audit-events',
  detect(context, thresholds) {
    const followUpMs = (thresholds.followUpMinutes ?? 60) * minuteMs
    const drafts: FindingDraft[] = []
    for (const change of context.reads.activity.roleChanges(context.from - followUpMs)) {
      const from = roleRanks.get(change.fromRole ?? '')
      const to = roleRanks.get(change.toRole ?? '')
      if (from === undefined || to === undefined || to <= from || change.resourceId === null)
        continue
      const draft = judge(context, change, change.resourceId, followUpMs, thresholds)
      if (draft !== undefined) drafts.push(draft)
    }
    return drafts
  },
}

function judge(
  context: RuleContext,
  change: RoleChange,
  targetId: string,
  followUpMs: number,
  thresholds: Thresholds,
): FindingDraft | undefined {
  const activity = context.reads.activity
  const used = activity.actionsOf(
    targetId,
    privilegedActions,
    change.occurredAt,
    change.occurredAt + followUpMs,
  )
  const isHighest = change.toRole === highestRole
  const isUsed = used.length >= (thresholds.minimumFollowUpActions ?? 1)
  if (!isHighest && !isUsed) return undefined
  const who = change.actorLabel ?? change.actorId
  const target = activity.actorLabel(targetId) ?? change.resourceName ?? targetId
  const reasons: string[] = []
  if (isHighest) reasons.push(`${highestRole} is the highest role`)
  if (isUsed)
    reasons.push(
      `within ${plural(thresholds.followUpMinutes ?? 60, 'minute')} ${target} used it for ${plural(used.length, 'privileged action')} (${tally(used.map((each) => each.action))})`,
    )
  else
    reasons.push(
      `${target} took no privileged action within ${plural(thresholds.followUpMinutes ?? 60, 'minute')}`,
    )
  const last = used.at(-1)?.occurredAt ?? change.occurredAt
  return {
    ruleId: 'privilege-escalation',
    ruleVersion: 1,
    severity: isHighest && isUsed ? 'high' : 'medium',
    key: change.id,
    window: { start: change.occurredAt, end: last },
    anchor: change.occurredAt,
    actors: [
      { id: change.actorId, label: change.actorLabel },
      { id: targetId, label: target },
    ],
    ipAddresses: change.ip === null ? [] : [change.ip],
    apiKeys: [],
    explanation: `${who} changed ${target} from ${change.fromRole ?? '?'} to ${change.toRole ?? '?'} at ${utc(change.occurredAt)}: ${listText(reasons, 3)}.`,
    measurements: {
      fromRole: change.fromRole ?? '',
      toRole: change.toRole ?? '',
      privilegedActions: used.length,
    },
    thresholds,
    evidence: { auditEvents: [change.id, ...used.map((each) => each.id)], requestLogs: [] },
  }
}
