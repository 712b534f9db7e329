// Reads and judges the renderer's Content-Security-Policy (no electron import, so Node tests and
// the security gate cover it). The policy is delivered by the <meta> tag in
// src/renderer/index.html, not by a response header: the app's pages are file:// URLs, which
// carry no HTTP response, so session.webRequest.onHeadersReceived would have nothing to add
// the header to (it is not called for file://: electron/electron#23485, #45903). That is also why the policy has no frame-ancestors (ignored in a <meta> tag):
// the app is never framed, since the window's navigation is locked to its own page.

/** A parsed policy: directive name (lower case) to its source expressions, in order. */
export type ContentSecurityPolicy = ReadonlyMap<string, readonly string[]>

/** Parses a policy string; a repeated directive keeps its first value, as browsers do. */
export function parseContentSecurityPolicy(policy: string): ContentSecurityPolicy {
  const directives = new Map<string, string[]>()
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name === undefined || name === '') continue
    const key = name.toLowerCase()
    if (!directives.has(key)) directives.set(key, sources)
  }
  return directives
}

/** The policy of the first Content-Security-Policy <meta> tag in `html`, or undefined. */
export function metaContentSecurityPolicy(html: string): string | undefined {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const httpEquiv = /http-equiv\s*=\s*"([^"]*)"/i.exec(tag)?.[1]
    if (httpEquiv?.toLowerCase() !== 'content-security-policy') continue
    return /content\s*=\s*"([^"]*)"/i.exec(tag)?.[1]
  }
  return undefined
}

// Fetch directives fall back to default-src when absent (CSP Level 3, section 6.8.3).
const fallsBackToDefault = new Set(['script-src', 'connect-src', 'object-src', 'frame-src'])

/** The sources a directive allows, following the default-src fallback for fetch directives. */
export function effectiveSources(policy: ContentSecurityPolicy, directive: string): string[] {
  const own = policy.get(directive)
  if (own !== undefined) return [...own]
  if (fallsBackToDefault.has(directive)) return [...(policy.get('default-src') ?? [])]
  return []
}

/**
 * What makes a renderer policy weaker than the app needs, one sentence each; empty when strict:
 * scripts only from the app, no inline script or eval, connections and everything else only to
 * the app itself, no plugins, no <base>, no form posts.
 */
export function contentSecurityPolicyProblems(policy: ContentSecurityPolicy): string[] {
  const problems: string[] = []
  const expect = (directive: string, allowed: readonly string[]) => {
    const sources = effectiveSources(policy, directive)
    const extra = sources.filter((source) => !allowed.includes(source))
    if (sources.length === 0) problems.push(`${directive} is missing (nothing restricts it).`)
    else if (extra.length > 0) problems.push(`${directive} allows ${extra.join(' ')}.`)
  }
  expect('default-src', ["'none'", "'self'"])
  expect('script-src', ["'self'"])
  expect('connect-src', ["'self'"])
  expect('object-src', ["'none'"])
  expect('frame-src', ["'none'"])
  expect('base-uri', ["'none'"])
  expect('form-action', ["'none'"])
  return problems
}
