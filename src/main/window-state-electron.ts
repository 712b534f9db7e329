// Remembers the main window's place (issue 8, item 3): reads the displays for placeWindow and
// saves the bounds as the window moves (debounced) and when it closes. Decisions: window-state.ts.
import { screen, type BrowserWindow } from 'electron'
import type { Logger } from '../core/ports'
import {
  debounced,
  loadWindowState,
  nodeTimers,
  placeWindow,
  saveWindowState,
  type WindowState,
} from './window-state'

const saveDelayMs = 500

/** Where the main window opens: its saved place if still on a display, else centred. */
export function initialPlacement(dataDirectory: string): WindowState {
  return placeWindow(
    loadWindowState(dataDirectory),
    screen.getAllDisplays().map((display) => display.workArea),
    screen.getPrimaryDisplay().workArea,
  )
}

/** Saves the window's normal bounds and maximized state after it moves or resizes, and on close. */
export function rememberWindowState(
  window: BrowserWindow,
  dataDirectory: string,
  logger: Logger,
): void {
  const save = () => {
    if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return
    try {
      saveWindowState(dataDirectory, {
        ...window.getNormalBounds(),
        isMaximized: window.isMaximized(),
      })
    } catch (error) {
      // A read-only or full disk costs the remembered place, never the window.
      logger.warn('could not save the window state', {
        reason: error instanceof Error ? error.message : 'unknown',
      })
    }
  }
  const saver = debounced(save, saveDelayMs, nodeTimers)
  window.on('resize', saver.schedule)
  window.on('move', saver.schedule)
  window.on('maximize', saver.schedule)
  window.on('unmaximize', saver.schedule)
  window.on('close', () => {
    saver.schedule()
    saver.flush()
  })
}
