import fs from 'node:fs'
import path from 'node:path'

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
}

/** A static file ready to send. */
export type StaticFile = { body: Buffer; contentType: string }

/**
 * Resolves a URL path to a file inside `root`, or undefined. `/` is index.html; anything that
 * would escape `root` (`..`, encoded separators, NUL) or is not a regular file is refused.
 */
export function readStaticFile(root: string, urlPath: string): StaticFile | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '')
  const resolved = path.resolve(root, relative)
  if (!resolved.startsWith(path.resolve(root) + path.sep)) return undefined
  const type = contentTypes[path.extname(resolved).toLowerCase()]
  if (type === undefined) return undefined
  try {
    const real = fs.realpathSync(resolved)
    if (!real.startsWith(fs.realpathSync(root) + path.sep) || !fs.statSync(real).isFile())
      return undefined
    return { body: fs.readFileSync(real), contentType: type }
  } catch {
    return undefined
  }
}
