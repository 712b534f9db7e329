// The source of the background query worker (background-queries.ts), as CommonJS text the worker
// evaluates: no file has to be located next to the bundle in each build (CLI, Electron, tests).
// It needs only better-sqlite3: the main thread builds the SQL (filter-sql.ts) and the worker
// carries JavaScript ports of ip_in_cidr (shared/ip-address.ts, sql-functions.ts) and of the
// facet counting loop (tallyFacets in event-query.ts). query-worker-source.test.ts holds each
// port to its original.

/** ip_in_cidr(ip, cidr) as plain JavaScript: a port of sql-functions.ts and shared/ip-address.ts. */
export const ipInCidrSource = `
const maxTextLength = 64
function parseIpv4(text) {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  const bytes = []
  for (const part of parts) {
    if (!/^(0|[1-9]\\d{0,2})$/.test(part)) return undefined
    const value = Number(part)
    if (value > 255) return undefined
    bytes.push(value)
  }
  return bytes
}
function parseGroups(text, isLast) {
  if (text === '') return []
  const groups = []
  const parts = text.split(':')
  for (const [index, part] of parts.entries()) {
    if (isLast && index === parts.length - 1 && part.includes('.')) {
      const tail = parseIpv4(part)
      if (tail === undefined) return undefined
      groups.push(tail[0] * 256 + tail[1], tail[2] * 256 + tail[3])
      continue
    }
    if (!/^[0-9A-Fa-f]{1,4}$/.test(part)) return undefined
    groups.push(Number.parseInt(part, 16))
  }
  return groups
}
function parseIpv6(text) {
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const head = parseGroups(halves[0] ?? '', halves.length === 1)
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '', true) : []
  if (head === undefined || tail === undefined) return undefined
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill(0), ...tail]
  return groups.flatMap((group) => [group >> 8, group & 0xff])
}
function isIpv4Mapped(bytes) {
  return bytes.length === 16 && bytes.slice(0, 10).every((byte) => byte === 0) &&
    bytes[10] === 0xff && bytes[11] === 0xff
}
function parseIpAddress(text) {
  if (text.length === 0 || text.length > maxTextLength) return undefined
  if (!text.includes(':')) return parseIpv4(text)
  const bytes = parseIpv6(text)
  if (bytes === undefined) return undefined
  return isIpv4Mapped(bytes) ? bytes.slice(12) : bytes
}
function parseCidr(text) {
  const slash = text.indexOf('/')
  if (slash < 0 || text.length > maxTextLength) return undefined
  const prefixText = text.slice(slash + 1)
  if (!/^(0|[1-9]\\d{0,2})$/.test(prefixText)) return undefined
  const prefix = Number(prefixText)
  const address = text.slice(0, slash)
  const isIpv6 = address.includes(':')
  const bytes = isIpv6 ? parseIpv6(address) : parseIpv4(address)
  if (bytes === undefined || prefix > bytes.length * 8) return undefined
  if (isIpv4Mapped(bytes) && prefix >= 96) return { bytes: bytes.slice(12), prefix: prefix - 96 }
  return { bytes, prefix }
}
function isInCidr(bytes, block) {
  if (bytes.length !== block.bytes.length) return false
  const whole = Math.floor(block.prefix / 8)
  for (let index = 0; index < whole; index++) {
    if (bytes[index] !== block.bytes[index]) return false
  }
  const rest = block.prefix % 8
  if (rest === 0) return true
  const mask = (0xff << (8 - rest)) & 0xff
  return ((bytes[whole] ?? 0) & mask) === ((block.bytes[whole] ?? 0) & mask)
}
function memoize(parse) {
  const cache = new Map()
  return (text) => {
    if (cache.has(text)) return cache.get(text)
    if (cache.size >= 10000) cache.clear()
    const parsed = parse(text)
    cache.set(text, parsed)
    return parsed
  }
}
const cachedAddress = memoize(parseIpAddress)
const cachedBlock = memoize(parseCidr)
function ipInCidr(ip, cidr) {
  if (ip === null || cidr === null) return null
  if (typeof ip !== 'string' || typeof cidr !== 'string') return 0
  const bytes = cachedAddress(ip)
  const network = cachedBlock(cidr)
  return bytes !== undefined && network !== undefined && isInCidr(bytes, network) ? 1 : 0
}
`

/**
 * tallyFacets(rows, shape, limit, maxRows) as plain JavaScript: a port of tallyFacets in
 * event-query.ts; `shape` is facetShape(stream).
 */
export const tallyFacetsSource = `
function tallyFacets(rows, shape, limit, maxRows) {
  if (rows.length > maxRows) return undefined
  return shape.map((column, index) => {
    const counts = new Map()
    for (const row of rows) {
      const value = row[index]
      if (typeof value !== 'string' && typeof value !== 'number') continue
      const key = String(value)
      const label = row[shape.length + index]
      const entry = counts.get(key)
      if (entry === undefined)
        counts.set(key, { count: 1, label: typeof label === 'string' ? label : undefined })
      else entry.count += 1
    }
    const values = [...counts]
      .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([value, entry]) =>
        entry.label !== undefined && column.isLabelled
          ? { value, count: entry.count, label: entry.label }
          : { value, count: entry.count })
    return { field: column.field, values, others: Math.max(0, counts.size - limit) }
  })
}
`

/**
 * The start of a read worker's source: its read-only connection `db` with `ip_in_cidr` (the
 * source defines `ipInCidr` before it, from ipInCidrSource), and `statement(sql)`, which prepares
 * each SQL text once (at most 500 kept). The chart worker starts the same way.
 */
export const readConnectionSource = `
const Database = require(workerData.modulePath)
const options = workerData.nativeBinding === undefined ? {} : { nativeBinding: workerData.nativeBinding }
const db = new Database(workerData.file, { ...options, readonly: true, fileMustExist: true })
db.pragma('busy_timeout = 5000')
db.function('ip_in_cidr', { deterministic: true }, ipInCidr)
const prepared = new Map()
function statement(sql) {
  let found = prepared.get(sql)
  if (found === undefined) {
    if (prepared.size >= 500) prepared.clear()
    found = db.prepare(sql)
    prepared.set(sql, found)
  }
  return found
}
`

/** The worker: one read-only connection, statements prepared once, one job per message. */
export const queryWorkerSource = `
const { parentPort, workerData, threadId } = require('node:worker_threads')
${ipInCidrSource}
${tallyFacetsSource}
${readConnectionSource}
function run(job) {
  if (job.kind === 'count') return Number(statement(job.sql).get(job.params)?.n ?? 0)
  const rows = statement(job.sql).raw().all(job.params)
  return tallyFacets(rows, job.shape, job.limit, job.maxRows) ?? null
}
parentPort.on('message', (job) => {
  if (job.kind === 'stop') {
    db.close()
    parentPort.close()
    return
  }
  try {
    parentPort.postMessage({ id: job.id, ok: true, value: run(job), threadId })
  } catch (error) {
    parentPort.postMessage({ id: job.id, ok: false, message: String(error && error.message), threadId })
  }
})
`
