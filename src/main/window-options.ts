// The main window's web preferences and the decisions its event handlers make, as pure functions
// (type-only electron import, erased at build time), so Node tests and the security gate cover them.
import type { WebPreferences } from 'electron'
import { isAppUrl, isSafeExternalUrl, type AppLocation } from './security'

/**
 * The main window's web preferences: context-isolated, sandboxed, no Node.js in the page, its
 * workers or its frames, same-origin policy on, no insecure content, no <webview>.
 */
export function mainWindowWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    spellcheck: false,
  }
}

/**
 * Hosts whose https links may open in the system browser. Empty on purpose: the app links to no
 * web site (Help › User guide opens the README shipped beside the app), so every link is refused.
 * A future link to documentation adds its exact host here, with a test.
 */
export const externalLinkHosts: readonly string[] = []

/** True when `url` is a plain https link (no credentials, default port) to an allowed host. */
export function isAllowedExternalUrl(url: string, allowedHosts: readonly string[]): boolean {
  if (!isSafeExternalUrl(url)) return false
  const parsed = new URL(url)
  return parsed.port === '' && allowedHosts.includes(parsed.hostname)
}

/** What to do with a `window.open` or target=_blank request: never a new window, maybe a browser. */
export type WindowOpenDecision = { action: 'deny'; openExternally: boolean }

/** Refuses every new window; an allowlisted https link goes to the system browser instead. */
export function decideWindowOpen(url: string, allowedHosts: readonly string[]): WindowOpenDecision {
  return { action: 'deny', openExternally: isAllowedExternalUrl(url, allowedHosts) }
}

/** True when the window may navigate (or be redirected) to `url`: only to the app's own page. */
export function isNavigationAllowed(url: string, location: AppLocation): boolean {
  return isAppUrl(url, location)
}

/** Every permission a page asks for (camera, microphone, notifications, geolocation, …) is refused. */
export function isPermissionGranted(_permission: string): boolean {
  return false
}
