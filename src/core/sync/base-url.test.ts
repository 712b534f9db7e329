import { describe, expect, it } from 'vitest'
import { isLoopbackHost, normaliseBaseUrl } from './base-url'

describe('normaliseBaseUrl', () => {
  it.each([
    ['https://api.example.com/', 'https://api.example.com'],
    ['https://api.example.com/org-api//', 'https://api.example.com/org-api'],
    ['  http://127.0.0.1:4010  ', 'http://127.0.0.1:4010'],
    ['http://localhost:8080/', 'http://localhost:8080'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
  ])('accepts %s as %s', (input, expected) => {
    expect(normaliseBaseUrl(input)).toBe(expected)
  })

  it.each([
    [
      'plain HTTP to a remote host',
      'http://api.example.com',
      /HTTPS is required for api\.example\.com/,
    ],
    ['plain HTTP to a private address', 'http://10.0.0.5', /HTTPS is required/],
    ['a loopback look-alike', 'http://127.0.0.1.evil.example', /HTTPS is required/],
    ['credentials', 'https://ana:secret@api.example.com', /user name or password/],
    ['a query', 'https://api.example.com/?key=1', /query string/],
    ['another scheme', 'ftp://api.example.com', /must use https/],
    ['garbage', 'not a url', /is not a URL/],
  ])('refuses %s', (_, input, message) => {
    expect(() => normaliseBaseUrl(input)).toThrow(message)
  })

  it('recognises loopback hosts', () => {
    expect(isLoopbackHost('127.255.0.1')).toBe(true)
    expect(isLoopbackHost('128.0.0.1')).toBe(false)
  })
})
