// Pure checks behind the Electron window's security (no electron import, so Node tests cover
// them). The app's own pages are served from the renderer build under the privileged standard
// scheme app://audit-desk/ (src/main/app-protocol.ts), never from file://, or in development
// from the electron-vite dev server given in ELECTRON_RENDERER_URL.

/** The custom scheme and host the renderer build is served from. */
export const appScheme = 'app'
export const appHost = 'audit-desk'

/** The URL the main window loads: the renderer's index.html on the app's own origin. */
export const appPageUrl = `${appScheme}://${appHost}/index.html`

/** Where the app's own pages live besides app://audit-desk/: the dev server, if any. */
export type AppLocation = { devServerUrl?: string }

/**
 * True when `url` is on the app's own origin: app://audit-desk/ exactly (no port, no
 * credentials), or the loopback dev server when one is configured. file:// is never the app.
 */
export function isAppUrl(url: string, location: AppLocation): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (location.devServerUrl !== undefined) {
    const dev = new URL(location.devServerUrl)
    if (
      parsed.origin === dev.origin &&
      (dev.hostname === 'localhost' || dev.hostname === '127.0.0.1')
    )
      return true
  }
  // Node's URL gives origin 'null' for a non-special scheme, so the parts are compared instead;
  // host includes any port, so app://audit-desk:1/ is refused.
  return (
    parsed.protocol === `${appScheme}:` &&
    parsed.host === appHost &&
    parsed.username === '' &&
    parsed.password === ''
  )
}

/** True when an IPC message may reach the core: from the app's own page, in its main frame. */
export function isTrustedSender(
  sender: { url: string; isMainFrame: boolean } | null,
  location: AppLocation,
): boolean {
  return sender !== null && sender.isMainFrame && isAppUrl(sender.url, location)
}

/** Links that may open in the system browser: https only, no credentials in the URL. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === ''
  } catch {
    return false
  }
}
