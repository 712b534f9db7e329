import { describe, expect, it } from 'vitest'
import { readTag } from './tag-text'

describe('readTag', () => {
  it('trims what the reviewer typed and refuses what the core would', () => {
    expect(readTag('  reviewed ')).toEqual({ tag: 'reviewed' })
    expect(readTag('needs follow-up')).toEqual({ tag: 'needs follow-up' })
    expect(readTag('   ')).toEqual({ problem: 'Type a tag first.' })
    expect(readTag('x'.repeat(65))).toEqual({ problem: 'At most 64 characters.' })
    expect(readTag('a\u202Eb')).toMatchObject({
      problem: expect.stringMatching(/invisible/) as string,
    })
    expect(readTag('a\u0000b')).toMatchObject({
      problem: expect.stringMatching(/control/) as string,
    })
  })
})
