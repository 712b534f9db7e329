// Browser mode's download route for exports and audit packs: the core saves them in the data
// directory's exports folder, and the page fetches them from here by name, behind the same
// token as every other request. Only plain names of files in that folder are served.
import fs from 'node:fs'
import path from 'node:path'

/** The path prefix of the download route. */
export const downloadPrefix = '/exports/download/'

/** Names the core gives exports: letters, digits, dot, dash, underscore; no leading dot (the
 * temp files of exports still being written start with one). */
const namePattern = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/

/**
 * The file in `folder` that a download path names, or undefined when the name is not one the
 * core gives (traversal, hidden, encoded separators) or no such regular file exists.
 */
export function resolveDownload(folder: string, pathname: string): string | undefined {
  if (!pathname.startsWith(downloadPrefix)) return undefined
  let name: string
  try {
    name = decodeURIComponent(pathname.slice(downloadPrefix.length))
  } catch {
    return undefined
  }
  if (!namePattern.test(name) || name.includes('..')) return undefined
  const file = path.join(folder, name)
  if (path.dirname(file) !== path.resolve(folder)) return undefined
  try {
    return fs.lstatSync(file).isFile() ? file : undefined
  } catch {
    return undefined
  }
}

/** The Content-Type a download is served with. */
export function downloadContentType(name: string): string {
  const types: Record<string, string> = {
    '.csv': 'text/csv; charset=utf-8',
    '.jsonl': 'application/jsonl; charset=utf-8',
    '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    '.zip': 'application/zip',
  }
  return types[path.extname(name)] ?? 'application/octet-stream'
}
