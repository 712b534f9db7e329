// The main window's size and place, remembered across launches (issue 8, item 3) in
// `<userData>/window-state.json`. Pure decisions, no electron import: Node tests cover them.
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

/** A rectangle in screen pixels (a window's bounds or a display's work area). */
export type Rect = { x: number; y: number; width: number; height: number }

/** What is remembered: the normal (un-maximized) bounds and whether the window was maximized. */
export type WindowState = Rect & { isMaximized: boolean }

/** The window's default and smallest sizes. */
export const defaultSize = { width: 1360, height: 860 } as const
export const minimumSize = { width: 960, height: 600 } as const

/** The file the state lives in. */
export const windowStateFileName = 'window-state.json'

// Generous bounds: no real display is 100,000 pixels from the origin; beyond them the file is hostile.
const coordinate = z.number().int().min(-100_000).max(100_000)
const length = z.number().int().min(1).max(100_000)
const stateSchema = z
  .object({ x: coordinate, y: coordinate, width: length, height: length, isMaximized: z.boolean() })
  .strict()

/** Parses the saved file's text; undefined for anything that is not a well-formed state. */
export function parseWindowState(text: string): WindowState | undefined {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  const parsed = stateSchema.safeParse(json)
  return parsed.success ? parsed.data : undefined
}

/** How much of a window must lie on a display for it to count as reachable there. */
const minimumVisible = { width: 120, height: 60 } as const

/**
 * The bounds to open the window with: the saved state if enough of its title bar lies on one of
 * the current displays' work areas (sized at least the minimum, at most that display), else the default size
 * centred on the primary display, not maximized.
 */
export function placeWindow(
  saved: WindowState | undefined,
  workAreas: readonly Rect[],
  primary: Rect,
): WindowState {
  const centred = { ...centre(primary), isMaximized: false }
  if (saved === undefined) return centred
  // The title bar strip must be reachable, or the window could not be dragged back.
  const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: minimumVisible.height }
  const display = workAreas.find((area) => {
    const overlap = intersection(titleBar, area)
    return overlap.width >= minimumVisible.width && overlap.height >= minimumVisible.height
  })
  if (display === undefined) return centred
  return {
    x: saved.x,
    y: saved.y,
    width: clamp(saved.width, minimumSize.width, Math.max(display.width, minimumSize.width)),
    height: clamp(saved.height, minimumSize.height, Math.max(display.height, minimumSize.height)),
    isMaximized: saved.isMaximized,
  }
}

function centre(area: Rect): Rect {
  const width = clamp(defaultSize.width, minimumSize.width, Math.max(area.width, minimumSize.width))
  const height = clamp(
    defaultSize.height,
    minimumSize.height,
    Math.max(area.height, minimumSize.height),
  )
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  }
}

function intersection(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return { width: Math.max(0, width), height: Math.max(0, height) }
}

const clamp = (value: number, low: number, high: number): number =>
  Math.min(Math.max(value, low), high)

/** Reads the saved state from the data directory; undefined when missing, unreadable or hostile. */
export function loadWindowState(dataDirectory: string): WindowState | undefined {
  let text: string
  try {
    const file = path.join(dataDirectory, windowStateFileName)
    // A huge file is not ours: refuse it unread.
    if (fs.statSync(file).size > 4096) return undefined
    text = fs.readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  return parseWindowState(text)
}

/** Saves the state atomically (a temp file renamed into place), so a crash never leaves half a file. */
export function saveWindowState(dataDirectory: string, state: WindowState): void {
  const file = path.join(dataDirectory, windowStateFileName)
  const temporary = `${file}.${String(process.pid)}.tmp`
  const rounded = {
    x: Math.round(state.x),
    y: Math.round(state.y),
    width: Math.round(state.width),
    height: Math.round(state.height),
    isMaximized: state.isMaximized,
  }
  fs.writeFileSync(temporary, `${JSON.stringify(rounded)}\n`)
  fs.renameSync(temporary, file)
}

/** A timer a debouncer can use; injected so tests run without waiting. */
export type Timers = {
  set: (run: () => void, ms: number) => unknown
  clear: (handle: unknown) => void
}

/** The real timers. */
export const nodeTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  // Only handles from set() above reach clear(); they are Node timeouts.
  clear: (handle) => {
    clearTimeout(handle as NodeJS.Timeout)
  },
}

/**
 * Runs `save` once `ms` after the last `schedule()`; `flush()` runs a pending save now (on close),
 * and does nothing when none is pending.
 */
export function debounced(
  save: () => void,
  ms: number,
  timers: Timers,
): { schedule: () => void; flush: () => void } {
  let pending: unknown
  let isPending = false
  const run = () => {
    isPending = false
    save()
  }
  return {
    schedule: () => {
      if (isPending) timers.clear(pending)
      isPending = true
      pending = timers.set(run, ms)
    },
    flush: () => {
      if (!isPending) return
      timers.clear(pending)
      run()
    },
  }
}
