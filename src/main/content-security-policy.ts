// Reads and judges the renderer's Content-Security-Policy (no electron import, so Node tests and
// the security gate cover it). The policy is written once, in the <meta> tag of
// src/renderer/index.html; the app:// protocol (app-protocol.ts) also sends it as a response
// header, adding frame-ancestors 'none', which only a header can carry.

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

// Where each fetch directive looks when it is absent, nearest first (CSP Level 3, section 6.8.3
// "Get the effective directive" / directive fallback list): a directive not named in the policy
// takes the sources of the first directive of its chain that is.
const fallbacks: Record<string, readonly string[]> = {
  'script-src': ['default-src'],
  'script-src-elem': ['script-src', 'default-src'],
  'script-src-attr': ['script-src', 'default-src'],
  'style-src': ['default-src'],
  'style-src-elem': ['style-src', 'default-src'],
  'style-src-attr': ['style-src', 'default-src'],
  'worker-src': ['child-src', 'script-src', 'default-src'],
  'child-src': ['default-src'],
  'frame-src': ['child-src', 'default-src'],
  'fenced-frame-src': ['frame-src', 'child-src', 'default-src'],
  'connect-src': ['default-src'],
  'img-src': ['default-src'],
  'font-src': ['default-src'],
  'media-src': ['default-src'],
  'manifest-src': ['default-src'],
  'object-src': ['default-src'],
}

// Every directive name CSP Level 3 and its companion specifications define (plus the deprecated
// ones browsers still parse). Browsers ignore any other name, so a misspelt directive silently
// restricts nothing: the judge reports each unknown name instead of passing it over.
const knownDirectives = new Set([
  ...Object.keys(fallbacks),
  'default-src',
  'prefetch-src',
  'base-uri',
  'form-action',
  'frame-ancestors',
  'navigate-to',
  'sandbox',
  'plugin-types',
  'report-uri',
  'report-to',
  'upgrade-insecure-requests',
  'block-all-mixed-content',
  'require-trusted-types-for',
  'trusted-types',
  'require-sri-for',
  'webrtc',
])

/** The directive whose sources apply for `directive`: itself, else its fallback chain's first present one. */
function effectiveDirective(policy: ContentSecurityPolicy, directive: string): string | undefined {
  return [directive, ...(fallbacks[directive] ?? [])].find((name) => policy.has(name))
}

/** The sources a directive allows, following the CSP Level 3 fallback chain for fetch directives. */
export function effectiveSources(policy: ContentSecurityPolicy, directive: string): string[] {
  const from = effectiveDirective(policy, directive)
  return from === undefined ? [] : [...(policy.get(from) ?? [])]
}

const scriptSources = ["'self'", "'none'"]
const frameSources = ["'none'"]

// What each checked directive may allow, whether it is set itself or inherited.
const requirements: readonly (readonly [string, readonly string[]])[] = [
  ['default-src', ["'none'", "'self'"]],
  ['script-src', scriptSources],
  ['script-src-elem', scriptSources],
  ['script-src-attr', scriptSources],
  ['worker-src', scriptSources],
  ['connect-src', ["'self'"]],
  ['object-src', ["'none'"]],
  ['frame-src', frameSources],
  ['fenced-frame-src', frameSources],
  ['child-src', frameSources],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
]
const allowedFor = new Map(requirements)

/**
 * What makes a renderer policy weaker than the app needs, one sentence each; empty when strict:
 * scripts and workers only from the app (no inline script, no eval, no wildcard or remote
 * source), connections only to the app itself, no frames, no plugins, no <base>, no form posts,
 * and no directive name a browser would ignore.
 */
export function contentSecurityPolicyProblems(policy: ContentSecurityPolicy): string[] {
  const problems: string[] = []
  const judged = new Map<readonly string[], Set<string>>()
  for (const name of policy.keys()) {
    if (!knownDirectives.has(name)) {
      problems.push(`${name} is not a known directive (browsers ignore it): fix or remove it.`)
    }
  }
  for (const [directive, allowed] of requirements) {
    const from = effectiveDirective(policy, directive)
    if (from !== directive) {
      // An inherited value is judged where it is written when that directive's own check is at
      // least as strict (it already reports the same sources); a missing chain is reported once,
      // as a missing default-src.
      const fromAllowed = from === undefined ? undefined : allowedFor.get(from)
      if (from === undefined && fallbacks[directive]?.includes('default-src') === true) continue
      if (fromAllowed?.every((source) => allowed.includes(source)) === true) continue
    }
    // Directives of one group (the same rule array: scripts, frames) inheriting one value are
    // reported once, under the first of them.
    if (from !== undefined && from !== directive) {
      const sameGroup = judged.get(allowed) ?? new Set<string>()
      if (sameGroup.has(from)) continue
      judged.set(allowed, sameGroup.add(from))
    }
    const sources = effectiveSources(policy, directive)
    const extra = sources.filter((source) => !allowed.includes(source))
    const inherited = from === undefined || from === directive ? '' : ` (inherited from ${from})`
    // A directive written with no sources allows nothing, like 'none'.
    if (from === undefined) problems.push(`${directive} is missing (nothing restricts it).`)
    else if (extra.length > 0) problems.push(`${directive} allows ${extra.join(' ')}${inherited}.`)
  }
  return problems
}
