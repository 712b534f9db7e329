// The detections' settings in the cache (detection_settings): per rule whether it runs and its
// thresholds, with who changed them and when. Stored values are checked on every read: one that
// no longer fits its bounds (an older build's, a hand edit) falls back to the default.
import type Database from 'better-sqlite3'
import { z } from 'zod'
import {
  defaultThresholds,
  thresholdFields,
  thresholdProblem,
  type Thresholds,
} from '../../shared/detection-thresholds'
import { detectionRuleIds, type DetectionRuleId } from '../../shared/findings-schemas'
import { CoreError } from '../errors'

/** One rule's settings as the run uses them. */
export type RuleSetting = {
  isEnabled: boolean
  thresholds: Thresholds
  updatedBy: string | null
  updatedAt: number | null
}

type Row = {
  rule_id: string
  is_enabled: number
  thresholds: string
  updated_by: string
  updated_at: number
}

const storedThresholds = z.record(z.string(), z.number())

/** Checks `values` against the rule's fields; throws invalid_input naming the first problem. */
export function checkThresholds(rule: DetectionRuleId, values: Record<string, number>): void {
  const fields = thresholdFields[rule]
  for (const [name, value] of Object.entries(values)) {
    const field = fields.find((each) => each.name === name)
    if (field === undefined)
      throw new CoreError(
        'invalid_input',
        `The rule ${rule} has no threshold "${name}" (it has ${fields.map((each) => each.name).join(', ')}).`,
      )
    const problem = thresholdProblem(field, value)
    if (problem !== undefined) throw new CoreError('invalid_input', `${problem}.`)
  }
}

/** The defaults overlaid with the stored values that still fit their bounds. */
function mergeThresholds(rule: DetectionRuleId, stored: string): Thresholds {
  const merged = defaultThresholds(rule)
  let parsed: unknown
  try {
    parsed = JSON.parse(stored)
  } catch {
    return merged
  }
  const values = storedThresholds.safeParse(parsed)
  if (!values.success) return merged
  for (const field of thresholdFields[rule]) {
    const value = values.data[field.name]
    if (value !== undefined && thresholdProblem(field, value) === undefined)
      merged[field.name] = value
  }
  return merged
}

/** Reads and writes the rules' settings. */
export function createDetectionSettingsStore(db: Database.Database) {
  const all = db.prepare<[], Row>('SELECT * FROM detection_settings')
  const write = db.prepare<{
    ruleId: string
    isEnabled: number
    thresholds: string
    author: string
    at: number
  }>(
    `INSERT INTO detection_settings (rule_id, is_enabled, thresholds, updated_by, updated_at)
     VALUES (@ruleId, @isEnabled, @thresholds, @author, @at)
     ON CONFLICT (rule_id) DO UPDATE SET is_enabled = excluded.is_enabled,
       thresholds = excluded.thresholds, updated_by = excluded.updated_by,
       updated_at = excluded.updated_at`,
  )
  const current = (): Map<DetectionRuleId, RuleSetting> => {
    const rows = new Map(all.all().map((row) => [row.rule_id, row]))
    return new Map(
      detectionRuleIds.map((rule) => {
        const row = rows.get(rule)
        return [
          rule,
          row === undefined
            ? {
                isEnabled: true,
                thresholds: defaultThresholds(rule),
                updatedBy: null,
                updatedAt: null,
              }
            : {
                isEnabled: row.is_enabled === 1,
                thresholds: mergeThresholds(rule, row.thresholds),
                updatedBy: row.updated_by,
                updatedAt: row.updated_at,
              },
        ]
      }),
    )
  }
  return {
    /** Every rule's settings (defaults for rules never changed). */
    current,
    /** Changes one rule: on or off, some thresholds (checked), or back to the defaults. */
    set(
      rule: DetectionRuleId,
      change: {
        isEnabled?: boolean | undefined
        thresholds?: Record<string, number> | undefined
        isReset?: boolean | undefined
      },
      stamp: { author: string; at: number },
    ): void {
      if (change.thresholds !== undefined) checkThresholds(rule, change.thresholds)
      const before = current().get(rule)
      const thresholds =
        change.isReset === true
          ? defaultThresholds(rule)
          : { ...(before?.thresholds ?? defaultThresholds(rule)), ...change.thresholds }
      write.run({
        ruleId: rule,
        isEnabled: (change.isEnabled ?? before?.isEnabled ?? true) ? 1 : 0,
        thresholds: JSON.stringify(thresholds),
        ...stamp,
      })
    },
  }
}

/** The settings store's interface. */
export type DetectionSettingsStore = ReturnType<typeof createDetectionSettingsStore>
