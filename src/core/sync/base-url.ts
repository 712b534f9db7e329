import { CoreError } from '../errors'

const loopbackHosts = new Set(['localhost', '[::1]'])

/** True for 127.0.0.0/8, ::1 and localhost: the only hosts that may be reached over plain HTTP. */
export function isLoopbackHost(hostname: string): boolean {
  return loopbackHosts.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

/**
 * Validates and normalises an organization API base URL: https, or http on loopback only; no
 * credentials, query or fragment; no trailing slash. Throws `invalid_input` naming the fix.
 */
export function normaliseBaseUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    throw new CoreError(
      'invalid_input',
      `"${text.slice(0, 200)}" is not a URL. Give the API base URL, like https://api.example.com.`,
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CoreError('invalid_input', `The API base URL must use https (got ${url.protocol}).`)
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new CoreError(
      'invalid_input',
      `HTTPS is required for ${url.hostname}: plain HTTP is only allowed for a server on this machine (127.0.0.1, localhost).`,
    )
  }
  if (url.username !== '' || url.password !== '') {
    throw new CoreError(
      'invalid_input',
      'The API base URL must not contain a user name or password; the API key is given separately.',
    )
  }
  if (url.search !== '' || url.hash !== '') {
    throw new CoreError(
      'invalid_input',
      'The API base URL must not contain a query string or fragment.',
    )
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}
