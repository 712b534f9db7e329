import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  contentSecurityPolicyProblems,
  effectiveSources,
  metaContentSecurityPolicy,
  parseContentSecurityPolicy,
} from './content-security-policy'

const rendererHtml = path.join(import.meta.dirname, '../renderer/index.html')

function policyOf(file: string) {
  const text = metaContentSecurityPolicy(fs.readFileSync(file, 'utf8'))
  if (text === undefined) throw new Error(`${file} has no Content-Security-Policy meta tag`)
  return parseContentSecurityPolicy(text)
}

describe('the renderer Content-Security-Policy', () => {
  it('is strict in the source index.html: no inline script, no eval, only the app itself', () => {
    const policy = policyOf(rendererHtml)
    expect(contentSecurityPolicyProblems(policy)).toEqual([])
    expect(effectiveSources(policy, 'script-src')).toEqual(["'self'"])
    expect(effectiveSources(policy, 'connect-src')).toEqual(["'self'"])
    expect(effectiveSources(policy, 'object-src')).toEqual(["'none'"])
    expect(effectiveSources(policy, 'base-uri')).toEqual(["'none'"])
  })

  it('names each weakness of a loose policy', () => {
    const loose = parseContentSecurityPolicy(
      "default-src *; script-src 'self' 'unsafe-inline' 'unsafe-eval'; connect-src 'self' https://evil.example",
    )
    expect(contentSecurityPolicyProblems(loose)).toEqual([
      'default-src allows *.',
      "script-src allows 'unsafe-inline' 'unsafe-eval'.",
      'connect-src allows https://evil.example.',
      'object-src allows * (inherited from default-src).',
      'frame-src allows * (inherited from default-src).',
      'base-uri is missing (nothing restricts it).',
      'form-action is missing (nothing restricts it).',
    ])
  })

  it('treats a missing policy as unrestricted and keeps the first of repeated directives', () => {
    expect(contentSecurityPolicyProblems(parseContentSecurityPolicy(''))).toEqual([
      'default-src is missing (nothing restricts it).',
      'base-uri is missing (nothing restricts it).',
      'form-action is missing (nothing restricts it).',
    ])
    const repeated = parseContentSecurityPolicy("script-src 'self'; SCRIPT-SRC 'unsafe-eval'")
    expect(effectiveSources(repeated, 'script-src')).toEqual(["'self'"])
  })

  // The renderer's own policy with one more directive in front, as a reviewer would weaken it.
  const withExtra = (directives: string) =>
    parseContentSecurityPolicy(
      `${directives}; ${String(metaContentSecurityPolicy(fs.readFileSync(rendererHtml, 'utf8')))}`,
    )

  it('judges script-src-elem and script-src-attr, which override script-src', () => {
    expect(contentSecurityPolicyProblems(withExtra("script-src-elem * 'unsafe-inline'"))).toEqual([
      "script-src-elem allows * 'unsafe-inline'.",
    ])
    expect(contentSecurityPolicyProblems(withExtra("script-src-attr 'unsafe-inline'"))).toEqual([
      "script-src-attr allows 'unsafe-inline'.",
    ])
    expect(contentSecurityPolicyProblems(withExtra('script-src-elem https://cdn.example'))).toEqual(
      ['script-src-elem allows https://cdn.example.'],
    )
  })

  it('judges worker-src and child-src, and frames through child-src', () => {
    expect(contentSecurityPolicyProblems(withExtra('worker-src * blob:'))).toEqual([
      'worker-src allows * blob:.',
    ])
    // Workers and frames inherit child-src, which is judged (and reported) where it is written.
    expect(contentSecurityPolicyProblems(withExtra('child-src *'))).toEqual(['child-src allows *.'])
    expect(contentSecurityPolicyProblems(withExtra("child-src 'self'"))).toEqual([
      "child-src allows 'self'.",
    ])
    expect(
      contentSecurityPolicyProblems(withExtra("child-src 'none'; frame-src https://x.example")),
    ).toEqual(['frame-src allows https://x.example.'])
    expect(
      contentSecurityPolicyProblems(
        withExtra("child-src *; worker-src * blob:; script-src-attr 'unsafe-inline'"),
      ),
    ).toEqual([
      "script-src-attr allows 'unsafe-inline'.",
      'worker-src allows * blob:.',
      'child-src allows *.',
    ])
  })

  it('follows the CSP Level 3 fallback chains', () => {
    const policy = parseContentSecurityPolicy(
      "default-src 'none'; script-src 'self'; child-src https://a.example",
    )
    expect(effectiveSources(policy, 'frame-src')).toEqual(['https://a.example'])
    expect(effectiveSources(policy, 'worker-src')).toEqual(['https://a.example'])
    expect(effectiveSources(policy, 'script-src-elem')).toEqual(["'self'"])
    expect(effectiveSources(policy, 'script-src-attr')).toEqual(["'self'"])
    const noChild = parseContentSecurityPolicy("default-src 'none'; script-src 'self' blob:")
    expect(effectiveSources(noChild, 'worker-src')).toEqual(["'self'", 'blob:'])
    expect(effectiveSources(noChild, 'frame-src')).toEqual(["'none'"])
    expect(contentSecurityPolicyProblems(noChild)).toContain('script-src allows blob:.')
  })

  it('reports a directive name browsers do not know, and takes an empty directive as none', () => {
    expect(contentSecurityPolicyProblems(withExtra("scirpt-src 'unsafe-eval'"))).toEqual([
      'scirpt-src is not a known directive (browsers ignore it): fix or remove it.',
    ])
    expect(contentSecurityPolicyProblems(withExtra('frame-src; script-src-attr'))).toEqual([])
  })

  it('finds the policy only in a Content-Security-Policy meta tag', () => {
    expect(metaContentSecurityPolicy('<meta charset="utf-8"><title>x</title>')).toBeUndefined()
    expect(
      metaContentSecurityPolicy(
        '<meta name="x" content="no"><META HTTP-EQUIV="Content-Security-Policy" CONTENT="default-src \'none\'">',
      ),
    ).toBe("default-src 'none'")
  })
})
