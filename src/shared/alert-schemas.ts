// Schemas of alert rules and the alert inbox (issue 6, item 4): the rule a person writes (an
// action pattern plus conditions on actor, status, IP and country, checked here so that the core
// and the rule form give the same message naming the field and the fix), the alerts a sync's new
// audit events raise, the methods over both and the `alerts.raised` event.
import { z } from 'zod'
import { parseCidr, parseIpAddress } from './ip-address'

const connectionId = z.string().min(1).max(64)
const epochMs = z.number().int()
const count = z.number().int().nonnegative()

/** How much an alert matters; shown with a colour, a glyph and the word. */
export const severitySchema = z.enum(['low', 'medium', 'high'])

/** An alert's severity. */
export type Severity = z.infer<typeof severitySchema>

// ISO 3166-1 alpha-2 (the 249 assigned codes) and XK (Kosovo), which IP databases use too.
const countryCodes = new Set(
  `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
   BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
   EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
   HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
   LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
   NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
   SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
   TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW`.split(/\s+/),
)

/** Whether `code` is an ISO 3166-1 alpha-2 country code (upper case), or XK. */
export const isCountryCode = (code: string): boolean => countryCodes.has(code)

/** The longest action pattern; actions are short dotted names (api_key.created). */
export const maxActionPatternLength = 128
/** The longest actor condition (an email can be 320 characters). */
export const maxActorLength = 320
/** The longest rule name. */
export const maxRuleNameLength = 120
/** The most alerts one rule raises in one sync (its newest matches); the rest is counted. */
export const maxAlertsPerRule = 1000
/** The most user rules the cache keeps. */
export const maxUserRules = 200

const invisible = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u

/** An action exactly (`api_key.created`) or every action under a prefix (`template.*`). */
export const actionPatternSchema = z
  .string()
  .trim()
  .min(1, 'Action: enter an action such as api_key.created, or a prefix such as template.*')
  .max(
    maxActionPatternLength,
    `Action: at most ${String(maxActionPatternLength)} characters; actions are short names such as api_key.created`,
  )
  .regex(
    /^[A-Za-z0-9_:-]+(?:\.[A-Za-z0-9_:-]+)*(?:\.\*)?$/,
    'Action: use an action exactly (api_key.created) or a prefix ending in .* (template.*): letters, digits, _ : - between dots, and * only as a final .*',
  )

const actorValue = z
  .string()
  .trim()
  .min(1, 'Actor: enter an actor id, or the start of an email or name, or leave the condition out')
  .max(maxActorLength, `Actor: at most ${String(maxActorLength)} characters`)
  .refine((value) => !invisible.test(value), 'Actor: remove the control or invisible characters')

/** The network address of a block (host bits cleared), as text, for the host-bits message. */
function networkText(bytes: readonly number[], prefix: number): string {
  const cleared = bytes.map((byte, index) => {
    const kept = Math.min(8, Math.max(0, prefix - index * 8))
    return byte & ((0xff << (8 - kept)) & 0xff)
  })
  if (cleared.length === 4) return `${cleared.join('.')}/${String(prefix)}`
  const groups: string[] = []
  for (let index = 0; index < 16; index += 2)
    groups.push((((cleared[index] ?? 0) << 8) | (cleared[index + 1] ?? 0)).toString(16))
  return `${groups.join(':')}/${String(prefix)}`
}

/** Why an IP condition is unusable, or undefined when it is an address or a proper block. */
export function ipConditionProblem(value: string): string | undefined {
  const example = 'such as 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32'
  if (!value.includes('/'))
    return parseIpAddress(value) === undefined
      ? `IP: enter an IPv4 or IPv6 address or a CIDR block, ${example}`
      : undefined
  const block = parseCidr(value)
  if (block === undefined)
    return `IP: not a CIDR block; write address/prefix with a prefix of 0-32 (IPv4) or 0-128 (IPv6), ${example}`
  if (block.prefix === 0) return 'IP: a /0 block matches every address; leave the condition out'
  const network = networkText(block.bytes, block.prefix)
  const isNetwork = block.bytes.every((byte, index) => {
    const kept = Math.min(8, Math.max(0, block.prefix - index * 8))
    return (byte & ~((0xff << (8 - kept)) & 0xff) & 0xff) === 0
  })
  return isNetwork ? undefined : `IP: the block has host bits set; did you mean ${network}?`
}

const ipValue = z
  .string()
  .trim()
  .min(1, 'IP: enter an address or a CIDR block, or leave the condition out')
  .max(64, 'IP: at most 64 characters (an address or a CIDR block)')
  .superRefine((value, context) => {
    const problem = ipConditionProblem(value)
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem })
  })

const countryValue = z
  .string()
  .trim()
  .max(2, 'Country: a two-letter ISO 3166-1 code such as DE or RU')
  .transform((value) => value.toUpperCase())
  .refine(isCountryCode, 'Country: a two-letter ISO 3166-1 code such as DE or RU')

/** A condition that holds when the value matches (or, negated, when it does not). */
const condition = <T extends z.ZodType<string>>(value: T) =>
  z.object({ value, isNegated: z.boolean().default(false) }).strict()

/**
 * What a rule matches, all combined with AND: the action pattern, and optionally the actor (as
 * the filter model reads it: an actor id, or the start of an email or name), the status, the IP
 * (an address or a CIDR block) and the IP's country. Actor, IP and country can be negated.
 */
export const ruleConditionsSchema = z
  .object({
    action: actionPatternSchema,
    actor: condition(actorValue).optional(),
    status: z.enum(['success', 'failure'], { error: 'Status: success or failure' }).optional(),
    ip: condition(ipValue).optional(),
    country: condition(countryValue).optional(),
  })
  .strict()

/** A rule's conditions. */
export type RuleConditions = z.infer<typeof ruleConditionsSchema>

/** A rule's name: visible text, no control or invisible characters. */
export const ruleNameSchema = z
  .string()
  .trim()
  .min(1, 'Name: give the rule a name, such as "Owner role granted"')
  .max(maxRuleNameLength, `Name: at most ${String(maxRuleNameLength)} characters`)
  .refine((value) => !invisible.test(value), 'Name: remove the control or invisible characters')

/** A user rule as the form sends it. */
export const ruleDraftSchema = z
  .object({
    name: ruleNameSchema,
    severity: severitySchema,
    isEnabled: z.boolean().default(true),
    conditions: ruleConditionsSchema,
  })
  .strict()

/** A user rule as written, before the core stores it. */
export type RuleDraft = z.input<typeof ruleDraftSchema>

const ruleId = z.string().min(1).max(64)

const alertRule = z.object({
  id: ruleId,
  /** A built-in rule: always listed, can be turned off, never edited or deleted. */
  isDefault: z.boolean(),
  name: z.string(),
  severity: severitySchema,
  isEnabled: z.boolean(),
  conditions: ruleConditionsSchema,
  /** Who wrote it ("Audit Desk" for a built-in rule) and when (null: built in). */
  createdBy: z.string(),
  createdAt: epochMs.nullable(),
  /** The last change (an edit, or turning it on or off); null when never changed. */
  updatedBy: z.string().nullable(),
  updatedAt: epochMs.nullable(),
})

/** A rule as listed. */
export type AlertRule = z.infer<typeof alertRule>

const alertEvent = z.object({
  id: z.string(),
  seq: z.number().int(),
  occurredAt: epochMs,
  action: z.string(),
  status: z.string(),
  actorId: z.string(),
  /** How people know the actor: an email, a name, or the key's name; else the id. */
  actor: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  resourceName: z.string().nullable(),
  ip: z.string().nullable(),
  country: z.string().nullable(),
})

const alert = z.object({
  id: z.number().int(),
  connectionId,
  ruleId,
  /** The rule's name and severity when it matched (a later edit does not rewrite history). */
  ruleName: z.string(),
  severity: severitySchema,
  /** Found by the first sync of the organization: recorded as history, never notified. */
  isHistorical: z.boolean(),
  raisedAt: epochMs,
  readAt: epochMs.nullable(),
  readBy: z.string().nullable(),
  event: alertEvent,
})

/** An alert in the inbox. */
export type Alert = z.infer<typeof alert>

/** Which alerts a list shows: those raised by syncs, or the history the first sync found. */
export const alertListSchema = z.enum(['raised', 'historical'])

/** The most alerts one `alerts.markRead` names. */
export const maxMarkAlerts = 500

/** The methods of alert rules and the inbox, spread into contract.ts's method map. */
export const alertMethods = {
  'alerts.list': {
    input: z
      .object({
        connectionId,
        list: alertListSchema.default('raised'),
        /** Unread first (then newest), or newest first. */
        order: z.enum(['unread-first', 'newest']).default('unread-first'),
        limit: z.number().int().min(1).max(500).default(100),
        /** Skips this many (the inbox pages by offset: reading reorders unread-first). */
        offset: z.number().int().min(0).max(10_000_000).default(0),
      })
      .strict(),
    output: z.object({ alerts: z.array(alert), total: count }),
  },
  'alerts.summary': {
    input: z.object({ connectionId }).strict(),
    output: z.object({
      unread: count,
      raised: count,
      historical: count,
      /** The events alerts were evaluated up to (null: not yet). */
      watermarkSeq: z.number().int().nullable(),
      /** Whether syncs now raise alerts (false until the first complete sync: history only). */
      isLive: z.boolean(),
      /** Rules that matched more events in one sync than the inbox keeps (per rule, per sync). */
      overflows: z.array(
        z.object({ ruleId, ruleName: z.string(), dropped: count, lastAt: epochMs }),
      ),
    }),
  },
  'alerts.markRead': {
    input: z
      .object({
        connectionId,
        /** These alerts; absent: every unread alert raised for the connection. */
        alertIds: z.array(z.number().int()).min(1).max(maxMarkAlerts).optional(),
        isRead: z.boolean().default(true),
      })
      .strict(),
    output: z.object({ changed: count, unread: count }),
  },
  'alertRules.list': {
    input: z.object({}).strict(),
    output: z.object({ rules: z.array(alertRule) }),
  },
  'alertRules.save': {
    input: z.object({ id: ruleId.optional(), rule: ruleDraftSchema }).strict(),
    output: alertRule,
  },
  'alertRules.setEnabled': {
    input: z.object({ id: ruleId, isEnabled: z.boolean() }).strict(),
    output: alertRule,
  },
  'alertRules.delete': {
    input: z.object({ id: ruleId }).strict(),
    output: z.object({ deleted: z.boolean() }),
  },
} as const

/** The `alerts.raised` payload: after a sync raised alerts, how many and the newest few. */
export const alertsRaisedSchema = z.object({
  connectionId: z.string(),
  organizationName: z.string(),
  count: count,
  newest: z.array(alert).max(5),
})
