// Pure checks behind the Electron window's security (no electron import, so Node tests cover
// them). The app's own pages are served from the file:// renderer build, or in development
// from the electron-vite dev server given in ELECTRON_RENDERER_URL.

/** Where the app's own pages live: the renderer's index.html file URL and the dev server, if any. */
export type AppLocation = { rendererFileUrl: string; devServerUrl?: string }

/** True when `url` is one of the app's own pages (never another file on disk, never a remote page). */
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
  const own = new URL(location.rendererFileUrl)
  return parsed.protocol === 'file:' && parsed.pathname === own.pathname
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
