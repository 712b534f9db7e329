import { BrowserWindow, shell, session } from 'electron'
import type { AppLocation } from './security'
import { minimumSize, type WindowState } from './window-state'
import {
  decideWindowOpen,
  externalLinkHosts,
  isNavigationAllowed,
  isPermissionGranted,
  mainWindowWebPreferences,
} from './window-options'

/** Opens the main window: sandboxed, context-isolated, no Node in the page, navigation locked. */
export function createMainWindow(
  preloadPath: string,
  iconPath: string,
  location: AppLocation,
  placement: WindowState,
): BrowserWindow {
  const window = new BrowserWindow({
    icon: iconPath,
    x: placement.x,
    y: placement.y,
    width: placement.width,
    height: placement.height,
    minWidth: minimumSize.width,
    minHeight: minimumSize.height,
    show: false,
    title: 'Audit Desk',
    webPreferences: mainWindowWebPreferences(preloadPath),
  })
  window.once('ready-to-show', () => {
    if (placement.isMaximized) window.maximize()
    window.show()
  })
  window.webContents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url, externalLinkHosts)
    if (decision.openExternally) void shell.openExternal(url)
    return { action: decision.action }
  })
  window.webContents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, location)) event.preventDefault()
  })
  window.webContents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url, location)) event.preventDefault()
  })
  window.webContents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
  return window
}

/** Denies every permission request (camera, notifications from the page, geolocation, …). */
export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(isPermissionGranted(permission))
  })
  session.defaultSession.setPermissionCheckHandler((_contents, permission) =>
    isPermissionGranted(permission),
  )
}
