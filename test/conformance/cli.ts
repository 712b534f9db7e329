// npm run conformance -- --url URL [--max-events N] [--expect-cursor-expiry]
// Checks any organization server against the contract. Keys come from the environment only (they
// do not belong in shell history): AUDIT_DESK_API_KEY, and optionally AUDIT_DESK_NO_SCOPE_API_KEY
// and AUDIT_DESK_REVOKED_API_KEY. Exit 0 when every check passes, 1 when one fails, 2 on misuse.
import { parseArgs } from 'node:util'
import type { CheckResult } from './report'
import { runConformance, type ConformanceOptions } from './run-conformance'

const usage = `Usage: npm run conformance -- --url URL [--max-events N] [--expect-cursor-expiry]

  --url URL                the server, e.g. http://127.0.0.1:4010 (HTTPS unless loopback)
  --max-events N           stop every pass over a stream after N events (for big servers)
  --expect-cursor-expiry   the server expires a cursor on its own, so check the 410 path
                           (the demo server does with the fault expire-cursor-at=N)

Environment:
  AUDIT_DESK_API_KEY             required: a key with the scope audit_logs:read
  AUDIT_DESK_NO_SCOPE_API_KEY    optional: a key without it (the 403 checks)
  AUDIT_DESK_REVOKED_API_KEY     optional: a revoked key (the revoked-key 401 check)`

/** A usage error: the message and the exit code 2. */
class UsageError extends Error {}

const nonEmpty = (value: string | undefined) => (value === '' ? undefined : value)

const isLoopback = (host: string) =>
  host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)

type Flags = { url?: string; 'max-events'?: string; 'expect-cursor-expiry'?: boolean }

/** The flags, strictly: unknown flags (a key passed as one, say) are usage errors. */
function readFlags(argv: string[]): Flags {
  try {
    const options = {
      url: { type: 'string' },
      'max-events': { type: 'string' },
      'expect-cursor-expiry': { type: 'boolean' },
    } as const
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options }).values
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause)
    throw new UsageError(`${message} (keys are read from AUDIT_DESK_API_KEY, never from flags)`)
  }
}

/** The server URL: https, or plain http on a loopback address only. */
function readUrl(text: string | undefined): string {
  const url = text !== undefined && URL.canParse(text) ? new URL(text) : undefined
  if (url === undefined || !['http:', 'https:'].includes(url.protocol)) {
    throw new UsageError('--url must be an http(s) URL')
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new UsageError('plain HTTP is allowed only for loopback addresses; use https')
  }
  return url.href
}

/** Turns argv and the environment into suite options, or throws a UsageError. */
export function parseCommandLine(
  argv: string[],
  environment: Record<string, string | undefined>,
): ConformanceOptions {
  const flags = readFlags(argv)
  const url = readUrl(flags.url)
  const maxEvents = flags['max-events'] === undefined ? undefined : Number(flags['max-events'])
  if (maxEvents !== undefined && (!Number.isSafeInteger(maxEvents) || maxEvents < 1)) {
    throw new UsageError('--max-events must be a positive integer')
  }
  const apiKey = nonEmpty(environment.AUDIT_DESK_API_KEY)
  if (apiKey === undefined) throw new UsageError('set AUDIT_DESK_API_KEY')
  return {
    url,
    apiKey,
    noScopeApiKey: nonEmpty(environment.AUDIT_DESK_NO_SCOPE_API_KEY),
    revokedApiKey: nonEmpty(environment.AUDIT_DESK_REVOKED_API_KEY),
    maxEvents,
    expectCursorExpiry: flags['expect-cursor-expiry'] === true,
  }
}

const labels = { pass: 'PASS', fail: 'FAIL', skipped: 'SKIP' } as const

/** One line per check. */
export const formatCheck = (check: CheckResult): string =>
  `${labels[check.outcome]}  ${check.name}${check.detail === '' ? '' : ` (${check.detail})`}`

/** Runs the CLI and returns the exit code. */
export async function main(
  argv: string[],
  environment: Record<string, string | undefined>,
): Promise<number> {
  let options: ConformanceOptions
  try {
    options = parseCommandLine(argv, environment)
  } catch (cause) {
    if (!(cause instanceof UsageError)) throw cause
    process.stderr.write(`${cause.message}\n\n${usage}\n`)
    return 2
  }
  const report = await runConformance({
    ...options,
    onCheck: (check) => process.stdout.write(`${formatCheck(check)}\n`),
  })
  process.stdout.write(
    `${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped\n`,
  )
  return report.failed > 0 ? 1 : 0
}

process.exitCode = await main(process.argv.slice(2), process.env)
