// What the app:// protocol answers (no electron import, so Node tests cover it): the renderer
// build served on app://audit-desk/ through the core's safe static-file reader, each response
// carrying the page's Content-Security-Policy. app-protocol-electron.ts hands these to Electron.
import { readStaticFile } from '../core/static-files'
import { metaContentSecurityPolicy } from './content-security-policy'
import { appHost, appScheme } from './security'

/** One answer to an app:// request: a status, its headers and the bytes to send. */
export type AppProtocolResponse = {
  status: 200 | 404
  headers: Readonly<Record<string, string>>
  body: Uint8Array
}

/**
 * The path inside the renderer build an app:// request asks for, or undefined when the request
 * is not for app://audit-desk/ (another scheme, another host, a port, credentials). The query
 * and fragment are dropped; dot segments, even percent-encoded, are already resolved by the URL.
 */
export function appRequestPath(requestUrl: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(requestUrl)
  } catch {
    return undefined
  }
  const isApp =
    parsed.protocol === `${appScheme}:` &&
    parsed.host === appHost &&
    parsed.username === '' &&
    parsed.password === ''
  return isApp ? parsed.pathname : undefined
}

/** The policy of the renderer's index.html <meta> tag, to be sent as a response header too. */
export function rendererContentSecurityPolicy(rendererDirectory: string): string | undefined {
  const page = readStaticFile(rendererDirectory, '/index.html')
  return page === undefined ? undefined : metaContentSecurityPolicy(page.body.toString('utf8'))
}

/**
 * The answer to an app:// request: the file from `rendererDirectory` with its content type, or
 * 404 for an unknown host, a missing file or any path that would leave the directory.
 */
export function appProtocolResponse(
  requestUrl: string,
  rendererDirectory: string,
  contentSecurityPolicy: string | undefined,
): AppProtocolResponse {
  const common: Record<string, string> = { 'X-Content-Type-Options': 'nosniff' }
  // As a header the policy can also forbid framing (frame-ancestors is ignored in a <meta> tag).
  if (contentSecurityPolicy !== undefined)
    common['Content-Security-Policy'] = `${contentSecurityPolicy}; frame-ancestors 'none'`
  const pathname = appRequestPath(requestUrl)
  const file = pathname === undefined ? undefined : readStaticFile(rendererDirectory, pathname)
  if (file === undefined) {
    return {
      status: 404,
      headers: { ...common, 'Content-Type': 'text/plain; charset=utf-8' },
      body: new TextEncoder().encode('Not found'),
    }
  }
  return { status: 200, headers: { ...common, 'Content-Type': file.contentType }, body: file.body }
}
