// The `app.command` event (issue 8, item 3): what the desktop app's menu asks the page to do.
// The Electron shell sends it; the renderer navigates or opens the form the command names.
import { z } from 'zod'

/** The views a menu command can open, by id (the renderer's navigation lists the same ids). */
export const commandViewSchema = z.enum([
  'audit-log',
  'api-requests',
  'monitoring',
  'exports',
  'connections',
  'settings',
])

/** A view id a menu command can open. */
export type CommandView = z.infer<typeof commandViewSchema>

/** The payload of `app.command`: one menu command for the page. */
export const appCommandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('navigate'), view: commandViewSchema }).strict(),
  z.object({ command: z.literal('connect') }).strict(),
  z.object({ command: z.literal('syncNow') }).strict(),
  z.object({ command: z.literal('export') }).strict(),
  z.object({ command: z.literal('buildPack') }).strict(),
])

/** A menu command for the page. */
export type AppCommand = z.infer<typeof appCommandSchema>
