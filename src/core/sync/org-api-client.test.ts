import http from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createOrgApiClient } from './org-api-client'

describe('organization API client', () => {
  let server: http.Server | undefined
  afterEach(async () => {
    server?.closeAllConnections()
    await new Promise((resolve) => server?.close(resolve))
    server = undefined
  })

  async function serve(handler: http.RequestListener): Promise<string> {
    server = http.createServer(handler)
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    return `http://127.0.0.1:${address.port}`
  }

  it('gives up on a server that never answers, as a network fault to retry', async () => {
    const url = await serve(() => undefined)
    const client = createOrgApiClient(url, 'key_secret', fetch, 200)
    const answer = await client.get('/v1/organization')
    expect(answer).toMatchObject({
      ok: false,
      failure: { kind: 'network', message: 'No complete answer within 0.2 s.' },
    })
  })

  it('gives up on a body that stalls half-way', async () => {
    const url = await serve((_, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.write('{"data":[')
    })
    const answer = await createOrgApiClient(url, 'key_secret', fetch, 200).get('/v1/audit-events')
    expect(answer).toMatchObject({ ok: false, failure: { kind: 'network' } })
  })

  it('still reports a cancel by the caller as cancelled', async () => {
    const url = await serve(() => undefined)
    const controller = new AbortController()
    const pending = createOrgApiClient(url, 'key_secret', fetch, 5000).get(
      '/v1/organization',
      controller.signal,
    )
    controller.abort()
    expect(await pending).toMatchObject({ ok: false, failure: { kind: 'cancelled' } })
  })

  it('never repeats the key that a server echoes in an error', async () => {
    const url = await serve((_, response) => {
      response.writeHead(401, { 'Content-Type': 'application/json' })
      response.end(
        JSON.stringify({
          error: { code: 'unauthorized', message: 'bad key key_secret\nat line 2' },
        }),
      )
    })
    const answer = await createOrgApiClient(url, 'key_secret', fetch).get('/v1/organization')
    expect(answer).toMatchObject({
      ok: false,
      failure: { kind: 'http', status: 401, message: 'bad key [redacted]' },
    })
  })
})
