import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../test/helpers/temp-dir'
import { appProtocolResponse, appRequestPath, rendererContentSecurityPolicy } from './app-protocol'
import { appPageUrl } from './security'

const policy = "default-src 'none'; script-src 'self'"
// What the header carries: the page's policy plus frame-ancestors, which only a header can hold.
const headerPolicy = `${policy}; frame-ancestors 'none'`
const page = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${policy}" /></head></html>`

describe('the app:// protocol', () => {
  let temp: ReturnType<typeof makeTempDir>
  let root: string
  beforeAll(() => {
    temp = makeTempDir()
    root = path.join(temp.dir, 'renderer')
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true })
    fs.writeFileSync(path.join(root, 'index.html'), page)
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'export {}')
    fs.writeFileSync(path.join(temp.dir, 'secret.html'), 'outside')
  })
  afterAll(() => {
    temp.remove()
  })

  it('serves the renderer page and its assets with their content type and the page CSP header', () => {
    const answer = appProtocolResponse(appPageUrl, root, policy)
    expect(answer.status).toBe(200)
    expect(Buffer.from(answer.body).toString()).toBe(page)
    expect(answer.headers).toMatchObject({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': headerPolicy,
      'X-Content-Type-Options': 'nosniff',
    })
    const script = appProtocolResponse('app://audit-desk/assets/app.js', root, policy)
    expect(script.status).toBe(200)
    expect(script.headers['Content-Type']).toBe('text/javascript; charset=utf-8')
    expect(Buffer.from(script.body).toString()).toBe('export {}')
    expect(appProtocolResponse('app://audit-desk/', root, policy).status).toBe(200)
  })

  it('ignores query strings and fragments', () => {
    expect(appRequestPath('app://audit-desk/assets/app.js?v=1#top')).toBe('/assets/app.js')
    const answer = appProtocolResponse(
      'app://audit-desk/assets/app.js?../../secret.html',
      root,
      policy,
    )
    expect(Buffer.from(answer.body).toString()).toBe('export {}')
  })

  it.each([
    'app://audit-desk/../secret.html',
    'app://audit-desk/assets/../../secret.html',
    'app://audit-desk/%2e%2e/secret.html',
    'app://audit-desk/%2E%2E/%2e%2e/secret.html',
    'app://audit-desk/assets%2F..%2F..%2Fsecret.html',
    'app://audit-desk/%252e%252e/secret.html',
    'app://audit-desk/..%5Csecret.html',
    'app://audit-desk/index.html%00.js',
  ])('answers 404 for %s, which would leave the renderer directory', (url) => {
    const answer = appProtocolResponse(url, root, policy)
    expect(answer.status).toBe(404)
    expect(Buffer.from(answer.body).toString()).toBe('Not found')
    expect(answer.headers['Content-Security-Policy']).toBe(headerPolicy)
  })

  it.each([
    'app://other-host/index.html',
    'app://audit-desk.evil.example/index.html',
    'app://audit-desk:8080/index.html',
    'app://user:pass@audit-desk/index.html',
    'file:///index.html',
    'https://audit-desk/index.html',
    'not a url',
  ])('answers 404 for %s, which is not app://audit-desk/', (url) => {
    expect(appRequestPath(url)).toBeUndefined()
    expect(appProtocolResponse(url, root, policy).status).toBe(404)
  })

  it('answers 404 for a missing file or a type it does not serve', () => {
    expect(appProtocolResponse('app://audit-desk/missing.js', root, policy).status).toBe(404)
    expect(appProtocolResponse('app://audit-desk/assets', root, policy).status).toBe(404)
  })

  it('reads the CSP from the page meta tag, and sends no CSP header when there is none', () => {
    expect(rendererContentSecurityPolicy(root)).toBe(policy)
    expect(rendererContentSecurityPolicy(path.join(temp.dir, 'missing'))).toBeUndefined()
    const answer = appProtocolResponse(appPageUrl, root, undefined)
    expect(answer.headers).not.toHaveProperty('Content-Security-Policy')
  })

  it('finds the policy in the real renderer page', () => {
    const policyOfSource = rendererContentSecurityPolicy(
      path.join(import.meta.dirname, '..', 'renderer'),
    )
    expect(policyOfSource).toMatch(/^default-src 'none';/)
    expect(policyOfSource).toContain("script-src 'self'")
  })
})
