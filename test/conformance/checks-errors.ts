// Each error status and code where the contract puts it, and the precedence when several apply
// (401, 403, 404/405, 400, 410, 429). Body shape, headers and stack traces are judged for every
// response by the observers; these checks judge which error a request gets.
import type { ApiClient, RequestOptions } from './http-client'
import { isJsonObject } from './openapi-schemas'
import { fail, pass, skip, type CheckResult } from './report'

/** The extra keys some error checks need; each absent one skips its checks. */
export type ErrorCheckKeys = { noScope?: string | undefined; revoked?: string | undefined }

type Credential = 'full' | 'none' | 'noScope' | 'revoked' | { header: string }

type ErrorCase = {
  name: string
  path: string
  method: string
  query: Record<string, string>
  credential: Credential
  status: number
  code: string
}

const codes = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
} as const

const events = '/v1/audit-events'
const stats = '/v1/audit-events/stats'
const unknownPath = '/v1/no-such-endpoint'
const unknownKey = 'conformance-unknown-key-0000000000000000'

type CaseRequest = Partial<Pick<ErrorCase, 'path' | 'method' | 'query' | 'credential'>>

/** A case: the request (GET /v1/audit-events with the full key unless told) and its answer. */
const answers = (
  status: keyof typeof codes,
  name: string,
  request: CaseRequest = {},
): ErrorCase => ({
  name: `${status} ${codes[status]} for ${name}`,
  path: request.path ?? events,
  method: request.method ?? 'GET',
  query: request.query ?? {},
  credential: request.credential ?? 'full',
  status,
  code: codes[status],
})

/** 401, 403, 404 and 405, and the precedence among them and 400. */
function accessCases(fullKey: string): ErrorCase[] {
  const basic = `Basic ${Buffer.from(`${fullKey}:`).toString('base64')}`
  const none = { credential: 'none' } as const
  return [
    answers(401, 'a missing Authorization header', none),
    answers(401, 'a Basic Authorization header', { credential: { header: basic } }),
    answers(401, 'the key without the Bearer scheme', { credential: { header: fullKey } }),
    answers(401, 'an unknown key', { credential: { header: `Bearer ${unknownKey}` } }),
    answers(401, 'a revoked key', { credential: 'revoked' }),
    answers(403, 'a key without audit_logs:read', { credential: 'noScope' }),
    answers(404, 'an unknown path', { path: unknownPath }),
    answers(405, 'POST', { method: 'POST' }),
    answers(405, 'DELETE', { path: '/v1/organization', method: 'DELETE' }),
    answers(401, 'an unauthorized and malformed request (401 wins)', {
      ...none,
      query: { limit: '0' },
    }),
    answers(401, 'an unauthorized request to an unknown path (401 wins)', {
      ...none,
      path: unknownPath,
    }),
    answers(401, 'an unauthorized POST (401 wins)', { ...none, method: 'POST' }),
    answers(403, 'a no-scope key with a malformed request (403 wins)', {
      credential: 'noScope',
      query: { limit: '0' },
    }),
    answers(404, 'an unknown path with a malformed query (404 wins)', {
      path: unknownPath,
      query: { limit: '0' },
    }),
  ]
}

/** 400 for each malformed parameter; `cursor` is one the server really issued. */
function parameterCases(cursor: string): ErrorCase[] {
  const bad = (name: string, query: Record<string, string>, path = events) =>
    answers(400, name, { path, query })
  return [
    bad('limit=0', { limit: '0' }),
    bad('limit=5000', { limit: '5000' }),
    bad('limit=abc', { limit: 'abc' }),
    bad('a malformed since', { since: 'yesterday' }),
    bad('a since without an offset', { since: '2026-11-25T10:15:30' }),
    bad('since together with cursor', { since: '2026-11-25T10:15:30Z', cursor }),
    bad('a cursor the server never issued', { cursor: 'not-a-cursor' }),
    bad('a cursor over 512 characters', { cursor: 'x'.repeat(600) }),
    bad('a stats range over 400 days', { from: '2025-01-01', to: '2026-02-06' }, stats),
    bad('stats without to', { from: '2025-01-01' }, stats),
    bad('a malformed stats date', { from: '2025-13-01', to: '2025-12-31' }, stats),
  ]
}

/** The request options that carry a case's credential; undefined when its key was not given. */
function credentialOptions(
  client: ApiClient,
  credential: Credential,
  keys: ErrorCheckKeys,
): RequestOptions | undefined {
  if (credential === 'full') return {}
  if (credential === 'none') return { authorization: null }
  if (typeof credential === 'object') return { authorization: credential.header }
  const key = keys[credential]
  return key === undefined ? undefined : { authorization: client.bearer(key) }
}

/** Sends one case's request and compares status and error code. */
async function runCase(
  client: ApiClient,
  item: ErrorCase,
  keys: ErrorCheckKeys,
): Promise<CheckResult> {
  const credential = credentialOptions(client, item.credential, keys)
  if (credential === undefined) {
    const variable =
      item.credential === 'revoked' ? 'AUDIT_DESK_REVOKED_API_KEY' : 'AUDIT_DESK_NO_SCOPE_API_KEY'
    return skip(item.name, `needs ${variable}`)
  }
  const { method, query } = item
  const response = await client.request(item.path, { method, query, ...credential })
  const error = isJsonObject(response.body) ? response.body.error : undefined
  const code = isJsonObject(error) ? error.code : undefined
  const request = `${method} ${item.path}`
  if (response.status === item.status && code === item.code) return pass(item.name, request)
  return fail(item.name, `${request} answered ${response.status} ${String(code)}`)
}

/** Runs every error case; `cursor` is one the server issued, `fullKey` the working key. */
export async function errorChecks(
  client: ApiClient,
  cursor: string,
  fullKey: string,
  keys: ErrorCheckKeys,
): Promise<CheckResult[]> {
  const results: CheckResult[] = []
  const cases = [...accessCases(fullKey), ...parameterCases(cursor)]
  for (const item of cases) results.push(await runCase(client, item, keys))
  return results
}
