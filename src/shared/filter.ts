// The one filter model (issue 5 grows it): the same object drives the table, the charts, the CLI
// query and every export, so what is shown is exactly what is exported.
import { z } from 'zod'

/** Which stream a filter applies to. */
export const streamSchema = z.enum(['audit-events', 'request-logs'])

/** A stream name. */
export type Stream = z.infer<typeof streamSchema>

/** Filter fields; all optional, all combined with AND. Times are epoch ms, `to` exclusive. */
export const eventFilterSchema = z
  .object({
    connectionId: z.string().max(64).optional(),
    from: z.number().int().optional(),
    to: z.number().int().optional(),
    /** Actor id exactly, or the start of an email or name (case-insensitive); API key id or last 4 for requests. */
    actor: z.string().min(1).max(320).optional(),
    /** An action exactly, or a prefix written `template.*`; for requests, the endpoint. */
    action: z.string().min(1).max(2048).optional(),
    /** success or failure; for requests, a status code (`404`) or class (`5xx`). */
    status: z
      .string()
      .regex(/^(success|failure|[1-5]xx|[1-5]\d\d)$/)
      .optional(),
    ip: z.string().min(1).max(64).optional(),
    /** Free text: every word must appear (full-text index over actor, resource, user agent, failure reason, metadata). */
    text: z.string().min(1).max(500).optional(),
  })
  .strict()

/** A filter over one stream. */
export type EventFilter = z.infer<typeof eventFilterSchema>
