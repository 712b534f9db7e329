// What a reviewer chose about the columns of one stream (order, hidden ones, widths), how it
// changes, and how it survives a restart in localStorage. Stored JSON is untrusted: anything of
// the wrong shape falls back to the defaults; ids of columns that no longer exist are dropped.
import { columnSpecs, columnWidthLimits, type ColumnSpec } from './columns'
import type { Stream } from './types'

/** The column choices for one stream. `order` always lists every column exactly once. */
export type ColumnPrefs = {
  order: string[]
  hidden: string[]
  widths: Record<string, number>
}

/** A change a reviewer makes to the columns. */
export type ColumnPrefsAction =
  | { type: 'toggle'; id: string }
  | { type: 'move'; id: string; direction: -1 | 1 }
  | { type: 'move-to'; id: string; targetId: string }
  | { type: 'resize'; id: string; width: number }
  | { type: 'set-widths'; widths: Record<string, number> }
  | { type: 'reset' }

/** The storage the preferences live in (localStorage in the app). */
export type PrefsStorage = Pick<Storage, 'getItem' | 'setItem'>

/** Bump when the stored shape changes; older entries are then ignored. */
export const columnPrefsVersion = 1
const maxStoredLength = 20_000

/** The localStorage key of one stream's column preferences. */
export function columnPrefsKey(stream: Stream): string {
  return `audit-desk.log-columns.v${columnPrefsVersion}.${stream}`
}

/** Default order, visibility and no width overrides. */
export function defaultColumnPrefs(specs: readonly ColumnSpec[]): ColumnPrefs {
  return {
    order: specs.map((column) => column.id),
    hidden: specs.filter((column) => !column.isDefaultVisible).map((column) => column.id),
    widths: {},
  }
}

/** A width a column may have: rounded and within the limits. */
export function clampWidth(width: number): number {
  return Math.min(columnWidthLimits.max, Math.max(columnWidthLimits.min, Math.round(width)))
}

/** The preferences after one change; unknown ids and impossible changes leave them as they were. */
export function reduceColumnPrefs(
  prefs: ColumnPrefs,
  action: ColumnPrefsAction,
  specs: readonly ColumnSpec[],
): ColumnPrefs {
  switch (action.type) {
    case 'toggle': {
      const column = specs.find((candidate) => candidate.id === action.id)
      if (column?.canHide !== true) return prefs
      const hidden = prefs.hidden.includes(action.id)
        ? prefs.hidden.filter((id) => id !== action.id)
        : [...prefs.hidden, action.id]
      return { ...prefs, hidden }
    }
    case 'move':
      return { ...prefs, order: moveBy(prefs, action.id, action.direction) }
    case 'move-to':
      return { ...prefs, order: moveTo(prefs.order, action.id, action.targetId) }
    case 'resize':
      if (!Number.isFinite(action.width) || !prefs.order.includes(action.id)) return prefs
      return { ...prefs, widths: { ...prefs.widths, [action.id]: clampWidth(action.width) } }
    case 'set-widths':
      return { ...prefs, widths: { ...prefs.widths, ...validWidths(action.widths, specs) } }
    case 'reset':
      return defaultColumnPrefs(specs)
  }
}

/**
 * Moves a column one place left or right. A visible column trades places with the next visible
 * one, so a press moves it on screen; a hidden one moves one place in the full list. Only the
 * ends of the full list stop a move.
 */
function moveBy(prefs: ColumnPrefs, id: string, direction: -1 | 1): string[] {
  const from = prefs.order.indexOf(id)
  if (from < 0) return prefs.order
  const isVisible = (candidate: string) => !prefs.hidden.includes(candidate)
  let to = from + direction
  if (isVisible(id)) {
    while (to >= 0 && to < prefs.order.length && !isVisible(prefs.order[to] ?? '')) to += direction
    // No visible column that way: still move one place, so every press changes something.
    if (to < 0 || to >= prefs.order.length) to = from + direction
  }
  if (to < 0 || to >= prefs.order.length) return prefs.order
  const order = prefs.order.filter((candidate) => candidate !== id)
  order.splice(to, 0, id)
  return order
}

/** Moves a dragged column into the place of the column it was dropped on. */
function moveTo(order: string[], id: string, targetId: string): string[] {
  const from = order.indexOf(id)
  const to = order.indexOf(targetId)
  if (from < 0 || to < 0 || from === to) return order
  const next = order.filter((candidate) => candidate !== id)
  next.splice(to, 0, id)
  return next
}

function validWidths(widths: unknown, specs: readonly ColumnSpec[]): Record<string, number> {
  const valid: Record<string, number> = {}
  if (typeof widths !== 'object' || widths === null || Array.isArray(widths)) return valid
  for (const [id, width] of Object.entries(widths)) {
    const isKnown = specs.some((column) => column.id === id)
    if (isKnown && typeof width === 'number' && Number.isFinite(width))
      valid[id] = clampWidth(width)
  }
  return valid
}

/** The text stored for a stream's preferences. */
export function serializeColumnPrefs(prefs: ColumnPrefs): string {
  return JSON.stringify({ version: columnPrefsVersion, ...prefs })
}

/** Stored text as preferences: defaults for anything missing, malformed, hostile or stale. */
export function parseColumnPrefs(text: string | null, specs: readonly ColumnSpec[]): ColumnPrefs {
  const defaults = defaultColumnPrefs(specs)
  if (text === null || text.length > maxStoredLength) return defaults
  let stored: unknown
  try {
    stored = JSON.parse(text)
  } catch {
    return defaults
  }
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return defaults
  // A parsed non-array object; each field is checked below before it is used.
  const { version, order, hidden, widths } = stored as Record<string, unknown>
  if (version !== columnPrefsVersion || !isStringArray(order) || !isStringArray(hidden)) {
    return defaults
  }
  if (typeof widths !== 'object' || widths === null || Array.isArray(widths)) return defaults
  const known = new Set(defaults.order)
  const storedOrder = [...new Set(order)].filter((id) => known.has(id))
  const added = defaults.order.filter((id) => !storedOrder.includes(id))
  const canHide = (id: string) => specs.some((column) => column.id === id && column.canHide)
  return {
    order: withAddedColumns(storedOrder, added, defaults.order),
    hidden: [...new Set([...hidden, ...added.filter((id) => defaults.hidden.includes(id))])].filter(
      (id) => known.has(id) && canHide(id),
    ),
    widths: validWidths(widths, specs),
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.length <= 200 && value.every((id) => typeof id === 'string')
}

/** Puts columns the stored order does not know right after their default predecessor. */
function withAddedColumns(order: string[], added: string[], defaultOrder: string[]): string[] {
  const result = [...order]
  for (const id of added) {
    const predecessors = defaultOrder.slice(0, defaultOrder.indexOf(id)).reverse()
    const anchor = predecessors.find((candidate) => result.includes(candidate))
    result.splice(anchor === undefined ? 0 : result.indexOf(anchor) + 1, 0, id)
  }
  return result
}

/** A stream's preferences from storage; defaults when storage is missing, blocked or holds junk. */
export function loadColumnPrefs(stream: Stream, storage: PrefsStorage | undefined): ColumnPrefs {
  const specs = columnSpecs(stream)
  try {
    return parseColumnPrefs(storage?.getItem(columnPrefsKey(stream)) ?? null, specs)
  } catch {
    return defaultColumnPrefs(specs)
  }
}

/** Stores a stream's preferences; false when storage refused (full, blocked). */
export function saveColumnPrefs(
  stream: Stream,
  prefs: ColumnPrefs,
  storage: PrefsStorage | undefined,
): boolean {
  if (storage === undefined) return false
  try {
    storage.setItem(columnPrefsKey(stream), serializeColumnPrefs(prefs))
    return true
  } catch {
    return false
  }
}
