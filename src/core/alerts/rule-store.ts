// SQL of the alert rules: user rules (conditions kept as validated JSON) and whether each built-in
// rule is on. Every row read back is parsed again with the shared schema, so a rule the cache
// holds in a shape this build does not understand is left out (and logged) rather than run.
import { randomBytes } from 'node:crypto'
import type Database from 'better-sqlite3'
import {
  ruleConditionsSchema,
  type AlertRule,
  type RuleConditions,
  type Severity,
} from '../../shared/alert-schemas'
import { builtInAuthor, defaultRules } from './default-rules'

type UserRuleRow = {
  id: string
  name: string
  severity: Severity
  is_enabled: number
  conditions: string
  created_by: string
  created_at: number
  updated_by: string | null
  updated_at: number | null
}

type DefaultStateRow = { id: string; is_enabled: number; updated_by: string; updated_at: number }

/** Who changed something, and when. */
export type Stamp = { author: string; at: number }

/** A user rule as the store writes it (already validated). */
export type RuleFields = {
  name: string
  severity: Severity
  isEnabled: boolean
  conditions: RuleConditions
}

/** Prepared statements over alert_rules and alert_default_rules. */
export function createRuleStore(db: Database.Database, onUnreadable?: (id: string) => void) {
  const users = db.prepare<[], UserRuleRow>(
    'SELECT id, name, severity, is_enabled, conditions, created_by, created_at, updated_by, updated_at FROM alert_rules ORDER BY created_at, id',
  )
  const user = db.prepare<[string], UserRuleRow>(
    'SELECT id, name, severity, is_enabled, conditions, created_by, created_at, updated_by, updated_at FROM alert_rules WHERE id = ?',
  )
  const countUsers = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM alert_rules')
  const insert = db.prepare<{
    id: string
    name: string
    severity: string
    enabled: number
    conditions: string
    author: string
    at: number
  }>(
    `INSERT INTO alert_rules (id, name, severity, is_enabled, conditions, created_by, created_at)
     VALUES (@id, @name, @severity, @enabled, @conditions, @author, @at)`,
  )
  const update = db.prepare<{
    id: string
    name: string
    severity: string
    enabled: number
    conditions: string
    author: string
    at: number
  }>(
    `UPDATE alert_rules SET name = @name, severity = @severity, is_enabled = @enabled,
       conditions = @conditions, updated_by = @author, updated_at = @at WHERE id = @id`,
  )
  const setUserEnabled = db.prepare<{ id: string; enabled: number; author: string; at: number }>(
    'UPDATE alert_rules SET is_enabled = @enabled, updated_by = @author, updated_at = @at WHERE id = @id',
  )
  const remove = db.prepare<[string]>('DELETE FROM alert_rules WHERE id = ?')
  const defaultStates = db.prepare<[], DefaultStateRow>(
    'SELECT id, is_enabled, updated_by, updated_at FROM alert_default_rules',
  )
  const setDefault = db.prepare<{ id: string; enabled: number; author: string; at: number }>(
    `INSERT INTO alert_default_rules (id, is_enabled, updated_by, updated_at) VALUES (@id, @enabled, @author, @at)
     ON CONFLICT (id) DO UPDATE SET is_enabled = excluded.is_enabled, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  )

  const toRule = (row: UserRuleRow): AlertRule | undefined => {
    const conditions = ruleConditionsSchema.safeParse(parseJson(row.conditions))
    if (!conditions.success) {
      onUnreadable?.(row.id)
      return undefined
    }
    return {
      id: row.id,
      isDefault: false,
      name: row.name,
      severity: row.severity,
      isEnabled: row.is_enabled === 1,
      conditions: conditions.data,
      createdBy: row.created_by,
      createdAt: row.created_at,
      updatedBy: row.updated_by,
      updatedAt: row.updated_at,
    }
  }

  const builtIns = (): AlertRule[] => {
    const states = new Map(defaultStates.all().map((row) => [row.id, row]))
    return defaultRules.map((rule) => {
      const state = states.get(rule.id)
      return {
        ...rule,
        isDefault: true,
        isEnabled: state === undefined || state.is_enabled === 1,
        createdBy: builtInAuthor,
        createdAt: null,
        updatedBy: state?.updated_by ?? null,
        updatedAt: state?.updated_at ?? null,
      }
    })
  }

  return {
    /** Every rule: the built-in ones first, then user rules, oldest first. */
    list: (): AlertRule[] => [...builtIns(), ...users.all().flatMap((row) => toRule(row) ?? [])],
    /** One rule, or undefined. */
    find(id: string): AlertRule | undefined {
      const builtIn = builtIns().find((rule) => rule.id === id)
      if (builtIn !== undefined) return builtIn
      const row = user.get(id)
      return row === undefined ? undefined : toRule(row)
    },
    /** How many user rules there are. */
    userRuleCount: (): number => countUsers.get()?.n ?? 0,
    /** Stores a new user rule; returns its id. */
    create(fields: RuleFields, stamp: Stamp): string {
      const id = `rule-${randomBytes(6).toString('hex')}`
      insert.run({ id, ...columns(fields), ...stamp })
      return id
    },
    /** Rewrites a user rule; false when there is none with that id. */
    update: (id: string, fields: RuleFields, stamp: Stamp): boolean =>
      update.run({ id, ...columns(fields), ...stamp }).changes > 0,
    /** Turns a rule (built in or not) on or off; false when there is none with that id. */
    setEnabled(id: string, isEnabled: boolean, stamp: Stamp): boolean {
      const values = { id, enabled: isEnabled ? 1 : 0, ...stamp }
      if (defaultRules.some((rule) => rule.id === id)) return setDefault.run(values).changes > 0
      return setUserEnabled.run(values).changes > 0
    },
    /** Deletes a user rule (its alerts stay); false when there is none with that id. */
    delete: (id: string): boolean => remove.run(id).changes > 0,
  }
}

function columns(fields: RuleFields) {
  return {
    name: fields.name,
    severity: fields.severity,
    enabled: fields.isEnabled ? 1 : 0,
    conditions: JSON.stringify(fields.conditions),
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The rule store's interface. */
export type RuleStore = ReturnType<typeof createRuleStore>
