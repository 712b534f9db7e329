// The host parses what the core thread sends: only known message types, and events only with a
// payload their contract schema accepts.
import { describe, expect, it } from 'vitest'
import { describeRejected, parseCoreMessage, parseHostMessage } from './protocol'

describe('parseCoreMessage', () => {
  it('accepts a result and an event that matches its contract schema', () => {
    const result = { type: 'result', id: 3, result: { ok: true, value: { any: 'thing' } } }
    expect(parseCoreMessage(result)).toEqual(result)
    const event = {
      type: 'event',
      event: { name: 'app.command', payload: { command: 'syncNow' } },
    }
    expect(parseCoreMessage(event)?.type).toBe('event')
  })

  it('rejects unknown types, unknown events, payloads outside the contract and bad error codes', () => {
    expect(parseCoreMessage({ type: 'eval', code: 'x' })).toBeUndefined()
    expect(
      parseCoreMessage({ type: 'event', event: { name: 'toString', payload: {} } }),
    ).toBeUndefined()
    expect(
      parseCoreMessage({ type: 'event', event: { name: 'sync.progress', payload: { x: 1 } } }),
    ).toBeUndefined()
    expect(
      parseCoreMessage({
        type: 'result',
        id: 1,
        result: { ok: false, error: { code: 'stack_trace', message: 'at x' } },
      }),
    ).toBeUndefined()
    expect(parseCoreMessage({ type: 'port-call', id: 1, port: 'exec', args: [] })).toBeUndefined()
  })
})

describe('parseHostMessage', () => {
  it('accepts an invoke and rejects a negative id or an unknown type', () => {
    expect(parseHostMessage({ type: 'invoke', id: 0, method: 'app.info', input: {} })).toEqual({
      type: 'invoke',
      id: 0,
      method: 'app.info',
      input: {},
    })
    expect(parseHostMessage({ type: 'invoke', id: -1, method: 'app.info' })).toBeUndefined()
    expect(parseHostMessage({ type: 'shutdown-now' })).toBeUndefined()
  })

  it('names a rejected message by its type only', () => {
    expect(describeRejected({ type: 'drop', secret: 'k' })).toBe('type "drop"')
    expect(describeRejected(null)).toBe('object')
    expect(describeRejected({ secret: 'k' })).toBe('an object without a type')
  })
})
