// The detection rules' thresholds (issue 6): each rule's fields with their bounds and defaults,
// so the core and the Settings form agree, and the check of a value against its field.
import type { DetectionRuleId } from './findings-schemas'

/** One configurable threshold of a rule: its name, how people read it, its bounds and default. */
export type ThresholdField = {
  name: string
  label: string
  unit: string
  min: number
  max: number
  default: number
  isWhole: boolean
}

const field = (
  name: string,
  label: string,
  unit: string,
  [min, max, fallback]: [number, number, number],
  isWhole = true,
): ThresholdField => ({ name, label, unit, min, max, default: fallback, isWhole })

const spikeFields = (unit: string): ThresholdField[] => [
  field('windowMinutes', 'Window', 'minutes', [5, 1440, 60]),
  field('baselineDays', 'Baseline', 'days before the window', [1, 90, 14]),
  field('multiplier', 'Multiplier of the baseline median', '×', [1, 100, 5], false),
  field('minimum', 'Minimum', unit, [2, 100_000, 10]),
]

/** Every rule's thresholds with their bounds and defaults. */
export const thresholdFields: Readonly<Record<DetectionRuleId, readonly ThresholdField[]>> = {
  'failed-login-spike-user': spikeFields('failed sign-ins'),
  'failed-login-spike-ip': spikeFields('failed sign-ins'),
  'password-spraying': [
    field('windowMinutes', 'Window', 'minutes', [5, 1440, 60]),
    field('minimumAccounts', 'Accounts failing from one address', 'accounts', [3, 100_000, 10]),
  ],
  'new-country-sign-in': [
    field('baselineDays', 'Baseline', 'days', [1, 365, 30]),
    field('minimumBaselineSignIns', 'Sign-ins needed in the baseline', 'sign-ins', [1, 10_000, 5]),
    field('followUpHours', 'Evidence after the sign-in', 'hours', [1, 168, 24]),
  ],
  'impossible-travel': [
    field('maxSpeedKmh', 'Fastest plausible travel', 'km/h', [100, 5000, 900]),
    field('minimumDistanceKm', 'Shortest distance between country centres', 'km', [0, 20_000, 500]),
  ],
  'unexpected-api-key-creation': [
    field('learningDays', 'History an actor needs first', 'days', [1, 365, 14]),
    field('baselineDays', 'Usual-hours baseline', 'days', [7, 365, 30]),
    field(
      'unusualHourPercent',
      'Unusual hour: share of the actor’s events',
      '%',
      [0, 50, 1],
      false,
    ),
    field('minimumBaselineEvents', 'Events needed for usual hours', 'events', [1, 100_000, 50]),
    field('newLocationHours', 'After a sign-in from a new country', 'hours', [1, 168, 24]),
  ],
  'privilege-escalation': [
    field('followUpMinutes', 'Watch the promoted member for', 'minutes', [1, 1440, 60]),
    field(
      'minimumFollowUpActions',
      'Privileged actions that make it unusual',
      'or more',
      [1, 1000, 1],
    ),
  ],
  'bulk-template-deletion': [
    field('minimumDeletions', 'Deletions', 'templates', [2, 100_000, 20]),
    field('windowMinutes', 'Within', 'minutes', [1, 1440, 10]),
  ],
  'api-usage-spike': [
    field('baselineDays', 'Baseline: same hour of day over', 'days', [1, 90, 14]),
    field('multiplier', 'Multiplier of the baseline median', '×', [1, 100, 5], false),
    field('minimum', 'Minimum', 'requests per hour', [1, 10_000_000, 50]),
    field('learningDays', 'History a key needs first', 'days', [1, 90, 7]),
  ],
  'api-key-new-ip': [field('learningDays', 'History a key needs first', 'days', [1, 90, 7])],
}

/** A rule's threshold values by name. */
export type Thresholds = Record<string, number>

/** The default thresholds of a rule. */
export const defaultThresholds = (rule: DetectionRuleId): Thresholds =>
  Object.fromEntries(thresholdFields[rule].map((each) => [each.name, each.default]))

/** Why `value` is not acceptable for `each`, or undefined when it is. */
export function thresholdProblem(each: ThresholdField, value: number): string | undefined {
  const range = `${String(each.min)} to ${String(each.max)} ${each.unit}`
  if (!Number.isFinite(value) || value < each.min || value > each.max)
    return `${each.label}: enter ${each.isWhole ? 'a whole number' : 'a number'} from ${range}`
  if (each.isWhole && !Number.isInteger(value)) return `${each.label}: enter a whole number`
  return undefined
}
