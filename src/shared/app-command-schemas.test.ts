import { describe, expect, it } from 'vitest'
import { appCommandSchema } from './app-command-schemas'

describe('app.command payload', () => {
  it('accepts each menu command', () => {
    for (const payload of [
      { command: 'navigate', view: 'monitoring' },
      { command: 'connect' },
      { command: 'syncNow' },
      { command: 'export' },
      { command: 'buildPack' },
    ]) {
      expect(appCommandSchema.safeParse(payload).success).toBe(true)
    }
  })

  it('refuses an unknown command, an unknown view and extra keys', () => {
    expect(appCommandSchema.safeParse({ command: 'quit' }).success).toBe(false)
    expect(appCommandSchema.safeParse({ command: 'navigate', view: 'secrets' }).success).toBe(false)
    expect(appCommandSchema.safeParse({ command: 'navigate' }).success).toBe(false)
    expect(
      appCommandSchema.safeParse({ command: 'connect', url: 'https://x.example' }).success,
    ).toBe(false)
  })
})
