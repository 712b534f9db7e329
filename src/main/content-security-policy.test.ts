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
const builtHtml = path.join(import.meta.dirname, '../../out/renderer/index.html')

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

  it.skipIf(!fs.existsSync(builtHtml))('survives the build unchanged in out/renderer', () => {
    expect(policyOf(builtHtml)).toEqual(policyOf(rendererHtml))
  })

  it('names each weakness of a loose policy', () => {
    const loose = parseContentSecurityPolicy(
      "default-src *; script-src 'self' 'unsafe-inline' 'unsafe-eval'; connect-src 'self' https://evil.example",
    )
    expect(contentSecurityPolicyProblems(loose)).toEqual([
      'default-src allows *.',
      "script-src allows 'unsafe-inline' 'unsafe-eval'.",
      'connect-src allows https://evil.example.',
      'object-src allows *.',
      'frame-src allows *.',
      'base-uri is missing (nothing restricts it).',
      'form-action is missing (nothing restricts it).',
    ])
  })

  it('treats a missing policy as unrestricted and keeps the first of repeated directives', () => {
    expect(contentSecurityPolicyProblems(parseContentSecurityPolicy(''))).toHaveLength(7)
    const repeated = parseContentSecurityPolicy("script-src 'self'; SCRIPT-SRC 'unsafe-eval'")
    expect(effectiveSources(repeated, 'script-src')).toEqual(["'self'"])
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
