import { describe, expect, it } from 'vitest'
import { events, methods } from './contract'
import { eventNames, methodNames } from './method-names'

describe('contract', () => {
  it('lists in method-names.ts exactly the methods of the zod contract', () => {
    expect([...methodNames].sort()).toEqual(Object.keys(methods).sort())
  })

  it('lists in method-names.ts exactly the events of the zod contract', () => {
    expect([...eventNames].sort()).toEqual(Object.keys(events).sort())
  })

  it('names methods noun.verb and events noun.happening in lower camel case', () => {
    for (const name of [...methodNames, ...eventNames]) {
      expect(name).toMatch(/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/)
    }
  })

  it('rejects unknown keys in method input, so a typo never passes silently', () => {
    expect(methods['app.info'].input.safeParse({ verbose: true }).success).toBe(false)
    expect(methods['app.info'].input.safeParse({}).success).toBe(true)
  })
})
