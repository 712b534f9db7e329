import os from 'node:os'
import path from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { defaultDataDirectory } from '../core/data-directory'
import type { StreamName } from '../core/sync/page-parser'
import { parseRfc3339 } from '../shared/rfc3339'
import { UsageError, type CliIo } from './io'

/** parseArgs in strict mode, with its errors turned into UsageError (exit code 2). */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: T,
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}

/** A TCP port from a flag: an integer 0..65535 (0 picks a free port). */
export function parsePort(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, not "${text}"`)
  }
  return Number(text)
}

/** The data directory from --data-dir, else AUDIT_DESK_DATA_DIR, else the per-user default. */
export function resolveDataDirectory(flag: string | undefined, io: CliIo): string {
  if (flag !== undefined) {
    if (flag.trim() === '') throw new UsageError('--data-dir needs a folder path')
    return path.resolve(flag)
  }
  return defaultDataDirectory(process.platform, io.env, os.homedir())
}

/** A whole number from a flag within [min, max]; the flag's name appears in the error. */
export function parseWhole(
  name: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback
  const value = Number(text.replace(/_/g, ''))
  if (!/^\d[\d_]*$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`)
  }
  return value
}

/** --stream for commands over both streams: audit-events, request-logs or all (the default). */
export function parseStreams(text: string | undefined): StreamName[] {
  if (text === undefined || text === 'all') return ['audit-events', 'request-logs']
  if (text === 'audit-events' || text === 'request-logs') return [text]
  throw new UsageError(`--stream must be audit-events, request-logs or all, not "${text}"`)
}

/** An instant flag: RFC 3339 with offset, or a date YYYY-MM-DD meaning 00:00 UTC. */
export function parseInstant(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(text)
  const parsed = parseRfc3339(isDate ? `${text}T00:00:00Z` : text)
  if (parsed === undefined) {
    throw new UsageError(
      `--${name} must be an RFC 3339 date-time with offset (2026-11-01T00:00:00Z) or a date (2026-11-01), not "${text}"`,
    )
  }
  return parsed
}
