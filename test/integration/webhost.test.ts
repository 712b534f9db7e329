import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../src/core/ports'
import { startWebhost, type Webhost } from '../../src/webhost/server'
import { tokenCookieName } from '../../src/webhost/request-guard'
import { rawRequest } from '../helpers/http'
import { makeTempDir } from '../helpers/temp-dir'

describe('browser mode server', () => {
  let temp: ReturnType<typeof makeTempDir>
  let host: Webhost
  let auth: Record<string, string>

  beforeEach(async () => {
    temp = makeTempDir()
    const rendererDirectory = path.join(temp.dir, 'renderer')
    fs.mkdirSync(rendererDirectory)
    fs.writeFileSync(
      path.join(rendererDirectory, 'index.html'),
      '<!doctype html><title>Audit Desk</title>',
    )
    host = await startWebhost({
      dataDirectory: path.join(temp.dir, 'data'),
      rendererDirectory,
      logger: silentLogger,
    })
    const exchange = await rawRequest(host.url)
    auth = { Cookie: (exchange.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '' }
  })
  afterEach(async () => {
    await host.close()
    temp.remove()
  })

  const invoke = (body: string, headers: Record<string, string> = auth) =>
    rawRequest(`${host.origin}/api/invoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body,
    })

  it('prints a 127.0.0.1 URL with a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/)
  })

  it('refuses the page and the API without the token, with 401', async () => {
    expect((await rawRequest(`${host.origin}/`)).status).toBe(401)
    const api = await invoke('{"method":"app.info"}', {})
    expect(api.status).toBe(401)
    expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expect((await rawRequest(`${host.origin}/?token=wrong`)).status).toBe(401)
  })

  it('exchanges the URL token for an HttpOnly SameSite=Strict cookie and a redirect that drops it', async () => {
    const response = await rawRequest(host.url)
    expect(response.status).toBe(303)
    expect(response.headers.location).toBe('/')
    const cookie = response.headers['set-cookie']?.[0] ?? ''
    expect(cookie).toMatch(new RegExp(`^${tokenCookieName(host.port)}=[A-Za-z0-9_-]{43};`))
    expect(cookie).not.toContain(host.token)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const page = await rawRequest(`${host.origin}/`, { headers: auth })
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>Audit Desk</title>')
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
  })

  it('answers app.info through the dispatcher with a bearer token as well as the cookie', async () => {
    const response = await invoke('{"method":"app.info","input":{}}', {
      Authorization: `Bearer ${host.token}`,
    })
    expect(response.status).toBe(200)
    expect(JSON.parse(response.body)).toMatchObject({
      ok: true,
      value: { name: 'Audit Desk', host: 'browser', database: { state: 'ready' } },
    })
  })

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin even with the token', async () => {
    const rebound = await rawRequest(`${host.origin}/`, {
      headers: { ...auth, Host: `evil.example:${host.port}` },
    })
    expect(rebound.status).toBe(421)
    const crossSite = await invoke('{"method":"app.info"}', {
      ...auth,
      Origin: 'https://evil.example',
    })
    expect(crossSite.status).toBe(403)
  })

  it.each([
    ['a non-JSON content type', 'text/plain', '{"method":"app.info"}', 415, 'invalid_input'],
    ['malformed JSON', 'application/json', '{"method":', 400, 'invalid_input'],
    ['a call without a method', 'application/json', '{"input":{}}', 400, 'invalid_input'],
    [
      'an unknown method',
      'application/json',
      '{"method":"db.exec","input":{}}',
      200,
      'unknown_method',
    ],
    [
      'a body over 1 MiB',
      'application/json',
      `{"method":"app.info","x":"${'a'.repeat(1_100_000)}"}`,
      413,
      'invalid_input',
    ],
  ])('refuses %s with an error as data', async (_, contentType, body, status, code) => {
    const response = await invoke(body, { ...auth, 'Content-Type': contentType })
    expect(response.status).toBe(status)
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code } })
  })

  it('refuses other methods on the API and path traversal on static files', async () => {
    expect((await rawRequest(`${host.origin}/api/invoke`, { headers: auth })).status).toBe(405)
    expect((await rawRequest(`${host.origin}/../../etc/passwd`, { headers: auth })).status).toBe(
      404,
    )
    expect(
      (await rawRequest(`${host.origin}/%2e%2e/%2e%2e/etc/passwd`, { headers: auth })).status,
    ).toBe(404)
  })

  it('delivers core events to open pages over Server-Sent Events', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const request = http.get(`${host.origin}/api/events`, { headers: auth }, (response) => {
        expect(response.headers['content-type']).toMatch(/^text\/event-stream/)
        let text = ''
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8')
          if (text.includes(': connected')) {
            host.broadcast({
              name: 'sync.progress',
              payload: {
                connectionId: 'c1',
                stream: 'audit-events',
                pages: 3,
                newEvents: 250,
                duplicates: 1,
                eventsPerSecond: 1200,
                estimatedRemainingMs: null,
                fractionDone: null,
              },
            })
          }
          if (text.includes('data: ')) {
            request.destroy()
            resolve(text)
          }
        })
      })
      request.on('error', reject)
    })
    const text = await received
    expect(text).toContain('event: sync.progress\ndata: {"connectionId":"c1"')
  })

  it('refuses a cookie that carries the launch token instead of a session id', async () => {
    const forged = await rawRequest(`${host.origin}/`, {
      headers: { Cookie: `${tokenCookieName(host.port)}=${host.token}` },
    })
    expect(forged.status).toBe(401)
  })

  it('serves a saved export for download behind the token, and nothing outside the exports folder', async () => {
    const folder = path.join(temp.dir, 'data', 'exports')
    fs.mkdirSync(folder, { recursive: true })
    fs.writeFileSync(path.join(folder, 'audit-events-20261126T120000Z.csv'), 'id\r\nevt_1\r\n')
    fs.writeFileSync(path.join(temp.dir, 'data', 'secret.txt'), 'not an export')
    const url = `${host.origin}/exports/download/audit-events-20261126T120000Z.csv`
    expect((await rawRequest(url)).status).toBe(401)
    const download = await rawRequest(url, { headers: auth })
    expect(download.status).toBe(200)
    expect(download.body).toBe('id\r\nevt_1\r\n')
    expect(download.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(download.headers['content-disposition']).toBe(
      'attachment; filename="audit-events-20261126T120000Z.csv"',
    )
    const outside = await rawRequest(`${host.origin}/exports/download/..%2Fsecret.txt`, {
      headers: auth,
    })
    expect(outside.status).toBe(404)
  })

  it('refuses the event stream without the token', async () => {
    expect((await rawRequest(`${host.origin}/api/events`)).status).toBe(401)
  })
})

describe('browser mode start-up', () => {
  it('says to run the build when the renderer is missing', async () => {
    const temp = makeTempDir()
    await expect(
      startWebhost({
        dataDirectory: temp.dir,
        rendererDirectory: path.join(temp.dir, 'none'),
        logger: silentLogger,
      }),
    ).rejects.toThrow(/npm run build/)
    temp.remove()
  })
})
