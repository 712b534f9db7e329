// The one filter model (issue 5): the same object drives the table, the charts, the CLI query, the
// query bar (query-language.ts) and every export, so what is shown is exactly what is exported.
//
// Which fields apply to which stream (a field of the other stream is ignored by the SQL; the query
// bar, given a stream, reports it as an error):
//   both            connectionId, from, to, actor, action, status, ip, country, text, phrase
//   audit events    actions, categories, resourceType, resourceId
//   request logs    apiKey, endpoint, minDurationMs
//   annotations     tags, starred, commented, commentText (both streams); label (audit events)
//   alerts          alert (audit events): the event an alert of the inbox is about
//   findings        finding (both): exactly the evidence of a detection's finding
// For request logs `actor` means an API key and `action` an exact endpoint, as before `apiKey` and
// `endpoint` existed; `status` is success/failure for audit events, also a code or class for requests.
import { z } from 'zod'
import { findingIdSchema } from './findings-schemas'
import { parseCidr } from './ip-address'

/** Which stream a filter applies to. */
export const streamSchema = z.enum(['audit-events', 'request-logs'])

/** A stream name. */
export type Stream = z.infer<typeof streamSchema>

/** The most alternatives a multi-select list holds. */
export const maxListLength = 50

// Control characters never belong in a filter value (and a query bar is one line of text).
const printable = /^[^\p{Cc}]*$/u
const hasVisible = /\S/

/** A bounded single-line string of 1..`max` characters. */
const text = (max: number) =>
  z.string().min(1).max(max).regex(printable, 'must not contain control characters')

/** An action exactly, or a prefix written `template.*`. */
const actionSchema = text(2048)

/** Epoch ms within the years 0000-9999, so every instant has an RFC 3339 form. */
const instantSchema = z.number().int().min(-62_167_219_200_000).max(253_402_300_799_999)

/** An IP address exactly (as stored text), or a CIDR block (`203.0.113.0/24`, `2001:db8::/32`). */
const ipSchema = text(64).refine(
  (value) => !value.includes('/') || parseCidr(value) !== undefined,
  'with "/" must be a CIDR block such as 203.0.113.0/24 or 2001:db8::/32',
)

/** success or failure; for requests, a status code (`404`) or class (`5xx`). */
const statusSchema = z.string().regex(/^(success|failure|[1-5]xx|[1-5]\d\d)$/)

/** ISO 3166-1 alpha-2, upper case. */
const countrySchema = z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code (RU)')

/** A resource type: no `:` (the query bar writes type:id) and never `*` (meaning any type). */
const resourceTypeSchema = text(128).refine(
  (value) => !value.includes(':') && value !== '*',
  'must not contain ":" or be "*"',
)

/** No control, format (bidi, zero-width) or line-separator characters. */
const plainCharacters = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]*$/u
const trimmed = /^\S(?:.*\S)?$/su

/**
 * A tag or a sensitivity label (`reviewed`, `HIPAA`): 1..64 characters, visible at both ends,
 * without control or invisible characters. Compared case-insensitively by the cache.
 */
export const tagSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(plainCharacters, 'must not contain control or invisible characters')
  .regex(trimmed, 'must not start or end with a space')

/** The most tags one filter names. */
export const maxTags = 20

/** The fields a filter can exclude (`not`): an event matching any one of them is left out. */
export const negatedFilterSchema = z
  .object({
    actor: text(320).optional(),
    action: actionSchema.optional(),
    /** At least two actions (one goes in `action`); events with any of them are excluded. */
    actions: z.array(actionSchema).min(2).max(maxListLength).optional(),
    categories: z.array(text(128)).min(1).max(maxListLength).optional(),
    status: statusSchema.optional(),
    ip: ipSchema.optional(),
    country: countrySchema.optional(),
    resourceType: resourceTypeSchema.optional(),
    apiKey: text(64).optional(),
    endpoint: text(2048).optional(),
    /** Events carrying any of these tags are excluded. */
    tags: z.array(tagSchema).min(1).max(maxTags).optional(),
    /** Audit events on resources labelled so are excluded. */
    label: tagSchema.optional(),
  })
  .strict()
  .refine((value) => value.action === undefined || value.actions === undefined, {
    error: 'use either action or actions, not both',
  })

/** What `not` excludes. */
export type NegatedFilter = z.infer<typeof negatedFilterSchema>

/** Filter fields; all optional, all combined with AND. Times are epoch ms, `to` exclusive. */
export const eventFilterSchema = z
  .object({
    connectionId: z.string().max(64).optional(),
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    /** Actor id exactly, or the start of an email or name (case-insensitive); API key id or last 4 for requests. */
    actor: text(320).optional(),
    /** An action exactly, or a prefix written `template.*`; for requests, the endpoint exactly. */
    action: actionSchema.optional(),
    /** Audit events with any of these actions (each exact or `prefix.*`); at least two, else use `action`. */
    actions: z.array(actionSchema).min(2).max(maxListLength).optional(),
    /** Audit events in any of these categories. */
    categories: z.array(text(128)).min(1).max(maxListLength).optional(),
    /** success or failure; for requests, a status code (`404`) or class (`5xx`). */
    status: statusSchema.optional(),
    /** An IP address exactly, or a CIDR block (IPv4 or IPv6). */
    ip: ipSchema.optional(),
    /** The IP's country, ISO 3166-1 alpha-2 (from the offline IP database). */
    country: countrySchema.optional(),
    /** Audit events acting on this resource type (`template`). */
    resourceType: resourceTypeSchema.optional(),
    /** Audit events acting on this resource id (`tpl_123`). */
    resourceId: text(256).optional(),
    /** Requests made with this API key: its id or its last 4 characters. */
    apiKey: text(64).optional(),
    /** Requests to this endpoint exactly, or under a prefix written `/v1/documents/*`. */
    endpoint: text(2048).optional(),
    /** Requests slower than this (duration_ms > minDurationMs). */
    minDurationMs: z.number().int().min(0).max(86_400_000).optional(),
    /** Free text: every word must appear (full-text index over actor, resource, user agent, failure reason, metadata); for requests, a substring of endpoint, user agent or error code. */
    text: text(500).regex(hasVisible, 'must not be blank').optional(),
    /** Exact phrases, each of which must appear (words in this order); for requests, substrings. */
    phrase: z.array(text(500).regex(hasVisible, 'must not be blank')).min(1).max(20).optional(),
    /** Events carrying any of these tags (a reviewer's annotations). */
    tags: z.array(tagSchema).min(1).max(maxTags).optional(),
    /** true: starred events only; false: events not starred. */
    starred: z.boolean().optional(),
    /** true: events with at least one comment; false: events without. */
    commented: z.boolean().optional(),
    /** Events with a comment containing this text (case-insensitive for ASCII). */
    commentText: text(500).regex(hasVisible, 'must not be blank').optional(),
    /** Audit events on a resource labelled so (`HIPAA`): every activity on sensitive resources. */
    label: tagSchema.optional(),
    /** The audit event an alert of the inbox is about, by the alert's id (`alert:42`). */
    alert: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    /** Exactly the evidence events of a finding (`finding:fnd_…`), in either stream. */
    finding: findingIdSchema.optional(),
    /** Exclusions: an event matching any field here is left out; omitted rather than empty. */
    not: negatedFilterSchema
      .refine(
        (value) => Object.values(value).some((part) => part !== undefined),
        'must exclude something, or be omitted',
      )
      .optional(),
  })
  .strict()
  .refine((value) => value.action === undefined || value.actions === undefined, {
    error: 'use either action or actions, not both',
  })

/** A filter over one stream. */
export type EventFilter = z.infer<typeof eventFilterSchema>
