import { describe, expect, it } from 'vitest'
import { appPageUrl, type AppLocation } from './security'
import {
  decideWindowOpen,
  externalLinkHosts,
  isAllowedExternalUrl,
  isNavigationAllowed,
  isPermissionGranted,
  mainWindowWebPreferences,
} from './window-options'

const location: AppLocation = {}
const docsHosts = ['docs.audit-desk.example']

describe('main window web preferences', () => {
  const preferences = mainWindowWebPreferences('/app/out/preload/index.cjs')

  it('isolates and sandboxes the page and gives it no Node.js anywhere', () => {
    expect(preferences.preload).toBe('/app/out/preload/index.cjs')
    expect(preferences.contextIsolation).toBe(true)
    expect(preferences.sandbox).toBe(true)
    expect(preferences.nodeIntegration).toBe(false)
    expect(preferences.nodeIntegrationInWorker).toBe(false)
    expect(preferences.nodeIntegrationInSubFrames).toBe(false)
  })

  it('keeps web security on, refuses insecure content, webviews and experimental features', () => {
    expect(preferences.webSecurity).toBe(true)
    expect(preferences.allowRunningInsecureContent).toBe(false)
    expect(preferences.webviewTag).toBe(false)
    expect(preferences.experimentalFeatures).toBe(false)
    expect(preferences).not.toHaveProperty('enableBlinkFeatures')
    expect(preferences).not.toHaveProperty('additionalArguments')
  })
})

describe('external links', () => {
  it('allows plain https links to an allowlisted host only', () => {
    expect(isAllowedExternalUrl('https://docs.audit-desk.example/guide#export', docsHosts)).toBe(
      true,
    )
    expect(isAllowedExternalUrl('https://evil.example/', docsHosts)).toBe(false)
    expect(isAllowedExternalUrl('https://docs.audit-desk.example.evil.example/', docsHosts)).toBe(
      false,
    )
    expect(isAllowedExternalUrl('https://evil.example/?docs.audit-desk.example', docsHosts)).toBe(
      false,
    )
  })

  it('refuses other schemes, credentials and non-default ports even for an allowlisted host', () => {
    expect(isAllowedExternalUrl('http://docs.audit-desk.example/', docsHosts)).toBe(false)
    expect(isAllowedExternalUrl('https://user:pw@docs.audit-desk.example/', docsHosts)).toBe(false)
    expect(isAllowedExternalUrl('https://docs.audit-desk.example:8443/', docsHosts)).toBe(false)
    expect(isAllowedExternalUrl('file:///etc/passwd', docsHosts)).toBe(false)
    expect(isAllowedExternalUrl('javascript:alert(1)', docsHosts)).toBe(false)
    expect(isAllowedExternalUrl('not a url', docsHosts)).toBe(false)
  })

  it('ships an allowlist of bare https host names (none today: the app links to no web site)', () => {
    for (const host of externalLinkHosts) {
      expect(new URL(`https://${host}/`).hostname).toBe(host)
    }
    expect(isAllowedExternalUrl('https://evil.example/', externalLinkHosts)).toBe(false)
  })
})

describe('window.open, navigation and permissions', () => {
  it('never opens a window; only allowlisted links go to the system browser', () => {
    expect(decideWindowOpen('https://docs.audit-desk.example/guide', docsHosts)).toEqual({
      action: 'deny',
      openExternally: true,
    })
    expect(decideWindowOpen('https://evil.example/', docsHosts)).toEqual({
      action: 'deny',
      openExternally: false,
    })
    expect(decideWindowOpen(`${appPageUrl}#/exports`, docsHosts)).toEqual({
      action: 'deny',
      openExternally: false,
    })
  })

  it('lets the window navigate within its own page and nowhere else', () => {
    expect(isNavigationAllowed(`${appPageUrl}#/monitoring`, location)).toBe(true)
    expect(isNavigationAllowed('https://evil.example/', location)).toBe(false)
    expect(isNavigationAllowed('file:///etc/passwd', location)).toBe(false)
    expect(
      isNavigationAllowed(
        'file:///opt/Audit%20Desk/resources/app.asar/out/renderer/index.html',
        location,
      ),
    ).toBe(false)
    expect(isNavigationAllowed('app://other-host/index.html', location)).toBe(false)
    expect(isNavigationAllowed('data:text/html,<script>1</script>', location)).toBe(false)
    expect(isNavigationAllowed('about:blank', location)).toBe(false)
  })

  it('refuses every permission a page can ask for', () => {
    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'unknown-future-permission',
    ]) {
      expect(isPermissionGranted(permission)).toBe(false)
    }
  })
})
