import { describe, expect, it } from 'vitest'
import {
  appPageUrl,
  isAppUrl,
  isSafeExternalUrl,
  isTrustedSender,
  type AppLocation,
} from './security'

const packaged: AppLocation = {}
const development: AppLocation = { devServerUrl: 'http://localhost:5173' }

describe('Electron security helpers', () => {
  it('recognises the app origin app://audit-desk/, with or without a hash route', () => {
    expect(appPageUrl).toBe('app://audit-desk/index.html')
    expect(isAppUrl(appPageUrl, packaged)).toBe(true)
    expect(isAppUrl(`${appPageUrl}#/audit-log`, packaged)).toBe(true)
    expect(isAppUrl('app://audit-desk/assets/index.js', packaged)).toBe(true)
  })

  it('refuses file:// pages, other app:// hosts, ports, credentials, remote pages and malformed URLs', () => {
    expect(
      isAppUrl('file:///opt/Audit%20Desk/resources/app.asar/out/renderer/index.html', packaged),
    ).toBe(false)
    expect(isAppUrl('file:///etc/passwd', packaged)).toBe(false)
    expect(isAppUrl('app://other-host/index.html', packaged)).toBe(false)
    expect(isAppUrl('app://audit-desk.evil.example/index.html', packaged)).toBe(false)
    expect(isAppUrl('app://audit-desk:8080/index.html', packaged)).toBe(false)
    expect(isAppUrl('app://user:pass@audit-desk/index.html', packaged)).toBe(false)
    expect(isAppUrl('app:audit-desk/index.html', packaged)).toBe(false)
    expect(isAppUrl('apps://audit-desk/index.html', packaged)).toBe(false)
    expect(isAppUrl('https://audit-desk/index.html', packaged)).toBe(false)
    expect(isAppUrl('https://evil.example/', packaged)).toBe(false)
    expect(isAppUrl('not a url', packaged)).toBe(false)
  })

  it('accepts the loopback dev server only when one is configured', () => {
    expect(isAppUrl('http://localhost:5173/#/monitoring', development)).toBe(true)
    expect(isAppUrl('http://localhost:5173/', packaged)).toBe(false)
    expect(isAppUrl('http://localhost:5174/', development)).toBe(false)
    expect(
      isAppUrl('http://evil.example:5173/', {
        devServerUrl: 'http://evil.example:5173',
      }),
    ).toBe(false)
  })

  it('trusts IPC only from the main frame of the app page, never from a file:// page', () => {
    expect(isTrustedSender({ url: appPageUrl, isMainFrame: true }, packaged)).toBe(true)
    expect(isTrustedSender({ url: `${appPageUrl}#/exports`, isMainFrame: true }, packaged)).toBe(
      true,
    )
    expect(isTrustedSender({ url: appPageUrl, isMainFrame: false }, packaged)).toBe(false)
    expect(
      isTrustedSender(
        {
          url: 'file:///opt/Audit%20Desk/resources/app.asar/out/renderer/index.html',
          isMainFrame: true,
        },
        packaged,
      ),
    ).toBe(false)
    expect(
      isTrustedSender({ url: 'app://other-host/index.html', isMainFrame: true }, packaged),
    ).toBe(false)
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true }, packaged)).toBe(
      false,
    )
    expect(isTrustedSender(null, packaged)).toBe(false)
  })

  it('rejects IPC from frames a page can inject: about:blank, data: and srcdoc documents', () => {
    for (const url of ['about:blank', 'about:srcdoc', 'data:text/html,<p>x</p>', '']) {
      expect(isTrustedSender({ url, isMainFrame: false }, packaged)).toBe(false)
      expect(isTrustedSender({ url, isMainFrame: true }, packaged)).toBe(false)
    }
  })

  it('opens only plain https links externally', () => {
    expect(isSafeExternalUrl('https://docs.example/guide')).toBe(true)
    expect(isSafeExternalUrl('http://docs.example/')).toBe(false)
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false)
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false)
    expect(isSafeExternalUrl('https://user:pass@docs.example/')).toBe(false)
  })
})
