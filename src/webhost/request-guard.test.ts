import { describe, expect, it } from 'vitest'
import {
  isAllowedHost,
  isAllowedOrigin,
  readBearer,
  readCookie,
  tokenCookieName,
  tokenMatches,
} from './request-guard'

describe('request guard', () => {
  it('accepts only our loopback host and port, defeating DNS rebinding', () => {
    expect(isAllowedHost('127.0.0.1:4100', 4100)).toBe(true)
    expect(isAllowedHost('localhost:4100', 4100)).toBe(true)
    expect(isAllowedHost('127.0.0.1:4101', 4100)).toBe(false)
    expect(isAllowedHost('evil.example:4100', 4100)).toBe(false)
    expect(isAllowedHost('127.0.0.1', 4100)).toBe(false)
    expect(isAllowedHost(undefined, 4100)).toBe(false)
  })

  it('accepts a missing origin or our own, and refuses every other origin', () => {
    expect(isAllowedOrigin(undefined, 4100)).toBe(true)
    expect(isAllowedOrigin('http://127.0.0.1:4100', 4100)).toBe(true)
    expect(isAllowedOrigin('http://127.0.0.1:4100.evil.example', 4100)).toBe(false)
    expect(isAllowedOrigin('https://evil.example', 4100)).toBe(false)
    expect(isAllowedOrigin('null', 4100)).toBe(false)
  })

  it('compares tokens exactly, including length', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true)
    expect(tokenMatches('abcd', 'abc')).toBe(false)
    expect(tokenMatches('', 'abc')).toBe(false)
    expect(tokenMatches(undefined, 'abc')).toBe(false)
  })

  it('reads cookies and bearer tokens strictly', () => {
    const name = tokenCookieName(4100)
    expect(readCookie(`a=1; ${name}=tok; b=2`, name)).toBe('tok')
    expect(readCookie(`x${name}=tok`, name)).toBeUndefined()
    expect(readCookie(undefined, name)).toBeUndefined()
    expect(readBearer('Bearer tok_1-2')).toBe('tok_1-2')
    expect(readBearer('bearer tok')).toBeUndefined()
    expect(readBearer('Bearer tok extra')).toBeUndefined()
  })
})
