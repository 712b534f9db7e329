import { describe, expect, it } from 'vitest'
import { createHttpClient, parseEvent } from './client'

const jsonResponse = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

describe('renderer client', () => {
  it('posts the method and input as JSON and returns the result', async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = []
    const client = createHttpClient((url, init) => {
      calls.push({ url: url instanceof Request ? url.url : url.toString(), init })
      return Promise.resolve(jsonResponse(200, { ok: true, value: { name: 'Audit Desk' } }))
    })
    const result = await client.call('app.info', {})
    expect(result).toEqual({ ok: true, value: { name: 'Audit Desk' } })
    expect(calls[0]?.url).toBe('/api/invoke')
    expect(calls[0]?.init?.body).toBe('{"method":"app.info","input":{}}')
  })

  it('turns a network failure into host_unreachable instead of throwing', async () => {
    const client = createHttpClient(() => Promise.reject(new TypeError('Failed to fetch')))
    expect(await client.call('app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'host_unreachable' },
    })
  })

  it('turns a 401 page without a result into unauthorized', async () => {
    const client = createHttpClient(() =>
      Promise.resolve(new Response('no token', { status: 401 })),
    )
    expect(await client.call('app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    })
  })

  it('accepts only pushed events that conform to the contract', () => {
    const payload = {
      connectionId: 'c',
      stream: 'request-logs',
      pages: 1,
      newEvents: 2,
      duplicates: 0,
      eventsPerSecond: 3,
      estimatedRemainingMs: 10,
      fractionDone: 0.5,
    }
    expect(parseEvent('sync.progress', payload)).toEqual({ name: 'sync.progress', payload })
    expect(parseEvent('sync.progress', { ...payload, pages: -1 })).toBeUndefined()
    expect(parseEvent('app.shutdown', payload)).toBeUndefined()
  })
})
