import { BrowserWindow, shell, session } from 'electron'
import { isAppUrl, isSafeExternalUrl, type AppLocation } from './security'

/** Opens the main window: sandboxed, context-isolated, no Node in the page, navigation locked. */
export function createMainWindow(
  preloadPath: string,
  iconPath: string,
  location: AppLocation,
): BrowserWindow {
  const window = new BrowserWindow({
    icon: iconPath,
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Audit Desk',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  })
  window.once('ready-to-show', () => {
    window.show()
  })
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, location)) event.preventDefault()
  })
  window.webContents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
  return window
}

/** Denies every permission request (camera, notifications from the page, geolocation, …). */
export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false)
  })
  session.defaultSession.setPermissionCheckHandler(() => false)
}
