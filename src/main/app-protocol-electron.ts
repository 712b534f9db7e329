// Serves the renderer build on app://audit-desk/ (Electron's security checklist: a custom
// protocol instead of file://, where 'self' would match every local file). Decisions live in
// app-protocol.ts.
import { protocol } from 'electron'
import { appProtocolResponse, rendererContentSecurityPolicy } from './app-protocol'
import { appScheme } from './security'

/**
 * Makes app: a standard, secure scheme with fetch support: relative URLs, module scripts and
 * storage work as on https. Must run before the app is ready, and only once.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

/** Answers app:// requests from `rendererDirectory` (after ready, on the default session). */
export function serveRenderer(rendererDirectory: string): void {
  const contentSecurityPolicy = rendererContentSecurityPolicy(rendererDirectory)
  protocol.handle(appScheme, (request) => {
    const answer = appProtocolResponse(request.url, rendererDirectory, contentSecurityPolicy)
    return new Response(answer.body, { status: answer.status, headers: answer.headers })
  })
}
