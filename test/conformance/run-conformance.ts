// The conformance suite for the organization API contract (/work/shared/org-api.md): it relies
// only on what the contract promises, so any server can be checked with it.
import { cursorCheck, coverageCheck, recordedAtCheck, seqCheck } from './checks-paging'
import { digestsCheck, loadSigningKeys, type SigningKeys } from './checks-digests'
import { errorChecks } from './checks-errors'
import { cursorExpiryCheck, liveAppendCheck } from './checks-lifecycle'
import { emptyPageCursorCheck, sinceCheck } from './checks-since'
import { statsCheck } from './checks-stats'
import { createApiClient, type ApiClient } from './http-client'
import { createObservers } from './observers'
import { isJsonObject } from './openapi-schemas'
import { fail, pass, toReport, type CheckResult, type ConformanceReport } from './report'
import { scanStream, streamNames, type ScanResult, type StreamName } from './scan'

/** What to check and how; the keys come from the caller (the CLI reads them from the environment). */
export type ConformanceOptions = {
  url: string
  apiKey: string
  /** A key without the scope audit_logs:read; without it the 403 checks are skipped. */
  noScopeApiKey?: string | undefined
  /** A revoked key; without it the revoked-key 401 check is skipped. */
  revokedApiKey?: string | undefined
  /** Stop every pass over a stream after this many events (default: no bound). */
  maxEvents?: number | undefined
  /** The server expires a cursor on its own (a fault), so the 410 check runs. */
  expectCursorExpiry?: boolean | undefined
  /** Makes the server record new events (in-process servers only), so the live check runs. */
  appendEvents?: (() => Promise<void> | void) | undefined
  /** Called as each check finishes, for progress output. */
  onCheck?: ((check: CheckResult) => void) | undefined
  fetch?: typeof fetch
  sleep?: (milliseconds: number) => Promise<void>
}

/** The page sizes every stream is paged with; the first pass is the reference. */
export const pageLimits = [1000, 100, 7, 2, 1] as const

/** GET /v1/organization answers 200; its server_time is the suite's clock. */
async function organizationCheck(client: ApiClient): Promise<{ check: CheckResult; time: number }> {
  const name = 'organization: GET /v1/organization answers 200 with server_time'
  const response = await client.request('/v1/organization')
  const body = response.body
  const time =
    isJsonObject(body) && typeof body.server_time === 'string' ? Date.parse(body.server_time) : NaN
  if (response.status !== 200 || Number.isNaN(time)) {
    return { check: fail(name, `answered ${response.status}`), time: Date.now() }
  }
  return { check: pass(name, `server_time ${new Date(time).toISOString()}`), time }
}

/** Every check of one stream; returns the reference pass for the later checks. */
async function streamChecks(
  client: ApiClient,
  stream: StreamName,
  context: { serverTime: number; keys: SigningKeys; maxEvents: number },
  record: (check: CheckResult) => void,
): Promise<ScanResult> {
  const scans: ScanResult[] = []
  for (const limit of pageLimits) {
    scans.push(await scanStream(client, stream, limit, context.maxEvents))
  }
  const [reference] = scans
  if (reference === undefined) throw new Error('pageLimits is empty')
  for (const scan of scans) record(coverageCheck(stream, scan, reference))
  record(seqCheck(stream, scans))
  record(recordedAtCheck(stream, scans))
  record(cursorCheck(stream, scans))
  record(await sinceCheck(client, reference, context.serverTime))
  record(await emptyPageCursorCheck(client, reference, context.serverTime))
  record(await statsCheck(client, reference, context.serverTime))
  record(await digestsCheck(client, reference, context.keys, context.serverTime))
  return reference
}

/** The checks in order: the opt-in expiry first, then organization, streams, errors, live. */
async function runChecks(
  client: ApiClient,
  options: ConformanceOptions,
  record: (check: CheckResult) => void,
): Promise<void> {
  // First, so that a server-side expiry fault fires here and not inside the paging passes.
  record(await cursorExpiryCheck(client, options.expectCursorExpiry === true))
  const organization = await organizationCheck(client)
  record(organization.check)
  const keys = await loadSigningKeys(client)
  const maxEvents = options.maxEvents ?? Infinity
  const context = { serverTime: organization.time, keys, maxEvents }
  const references: ScanResult[] = []
  for (const stream of streamNames) {
    references.push(await streamChecks(client, stream, context, record))
  }
  const cursor = references[0]?.lastCursor ?? 'no-cursor-was-issued'
  const extraKeys = { noScope: options.noScopeApiKey, revoked: options.revokedApiKey }
  for (const check of await errorChecks(client, cursor, options.apiKey, extraKeys)) record(check)
  record(await liveAppendCheck(client, references, options.appendEvents))
}

/** An error and its cause ("fetch failed: connect ECONNREFUSED 127.0.0.1:9"). */
function explain(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause)
  return cause.cause instanceof Error ? `${cause.message}: ${cause.cause.message}` : cause.message
}

/** Runs the whole suite; every check finishes as pass, fail or skipped (with the reason). */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const checks: CheckResult[] = []
  const record = (check: CheckResult) => {
    checks.push(check)
    options.onCheck?.(check)
  }
  const observers = createObservers()
  const client = createApiClient({
    baseUrl: options.url,
    apiKey: options.apiKey,
    observe: observers.observe,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  })
  try {
    await runChecks(client, options, record)
  } catch (cause) {
    record(fail('the server answered every request', explain(cause)))
  }
  for (const check of observers.results()) record(check)
  return toReport(checks)
}
