// Validates real HTTP responses against docs/org-api.openapi.yaml with ajv (JSON Schema 2020-12,
// the dialect the document declares): the body against the documented content schema, the
// headers against the documented response headers. No hand-written shape checks.
import fs from 'node:fs'
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { parse } from 'yaml'

/** Where the project's machine-readable copy of the organization API contract lives. */
export const openApiDocumentPath = new URL('../../docs/org-api.openapi.yaml', import.meta.url)

/** A JSON object, as read from YAML or JSON. */
export type JsonObject = Record<string, unknown>

/** The outcome of validating one response; `errors` is empty when it is valid. */
export type SchemaVerdict = { isValid: boolean; errors: string[] }

/** Validates one response (method, path without query, status, headers, parsed body). */
export type ResponseValidator = (response: {
  method: string
  path: string
  status: number
  headers: Headers
  body: unknown
}) => SchemaVerdict

const schemaBaseId = 'urn:audit-desk:org-api'

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads and parses the OpenAPI document (YAML anchors resolved). */
export function loadOpenApiDocument(): JsonObject {
  const document: unknown = parse(fs.readFileSync(openApiDocumentPath, 'utf8'))
  if (!isJsonObject(document)) throw new Error('docs/org-api.openapi.yaml is not a YAML mapping')
  return document
}

const child = (value: unknown, key: string): unknown =>
  isJsonObject(value) ? value[key] : undefined

/** Rewrites `#/components/schemas/X` references so they resolve inside the ajv schema registry. */
function rewriteReferences(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteReferences)
  if (!isJsonObject(value)) return value
  const copy: JsonObject = {}
  for (const [key, inner] of Object.entries(value)) {
    copy[key] =
      key === '$ref' && typeof inner === 'string' && inner.startsWith('#/components/schemas/')
        ? `${schemaBaseId}#/$defs/${inner.slice('#/components/schemas/'.length)}`
        : rewriteReferences(inner)
  }
  return copy
}

/** Follows a local `$ref` (`#/components/...`) to its target, once. */
function dereference(document: JsonObject, value: unknown): unknown {
  const reference = child(value, '$ref')
  if (typeof reference !== 'string') return value
  if (!reference.startsWith('#/')) throw new Error(`unsupported reference ${reference}`)
  return reference
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => child(node, key), document)
}

// Requests to undocumented paths or methods still get documented answers: 404 or 405, or an
// error that outranks them (401, 403) or can happen anywhere (429, 5xx).
const responseForAnyRequest: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  429: 'RateLimited',
  500: 'ServerError',
  502: 'ServerError',
  503: 'ServiceUnavailable',
  504: 'ServerError',
}

/** The documented response object for a request, including unknown paths (404) and methods (405). */
function findResponse(document: JsonObject, method: string, path: string, status: number): unknown {
  const operation = child(child(document.paths, path), method.toLowerCase())
  if (operation === undefined) {
    const name = responseForAnyRequest[status]
    return name === undefined ? undefined : child(child(document.components, 'responses'), name)
  }
  const responses = child(operation, 'responses')
  const documented =
    child(responses, String(status)) ??
    child(responses, `${String(status).charAt(0)}XX`) ??
    child(responses, 'default')
  return dereference(document, documented)
}

/** A JSON schema of the documented headers, names lower-cased as fetch reports them. */
function headerSchema(document: JsonObject, response: unknown): JsonObject {
  const properties: JsonObject = {}
  const required: string[] = []
  const headers = child(response, 'headers')
  for (const [name, declared] of Object.entries(isJsonObject(headers) ? headers : {})) {
    const header = dereference(document, declared)
    properties[name.toLowerCase()] = rewriteReferences(child(header, 'schema'))
    if (child(header, 'required') === true) required.push(name.toLowerCase())
  }
  return { type: 'object', properties, required }
}

function asSchema(value: unknown): JsonObject {
  if (!isJsonObject(value)) throw new Error('a documented schema is not an object')
  return value
}

const describe = (errors: ErrorObject[] | null | undefined, where: string): string[] =>
  (errors ?? []).map(
    (error) => `${where}${error.instancePath || '/'} ${error.message ?? 'is invalid'}`,
  )

function makeAjv(options: { coerceTypes: boolean }): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strictTypes: false,
    allowUnionTypes: true,
    ...options,
  })
  addFormats(ajv)
  return ajv
}

type CompiledResponse = { body: ValidateFunction | null; headers: ValidateFunction }

/** Compiles the body and header schemas of documented responses, once each. */
function createCompiler(document: JsonObject) {
  const bodies = makeAjv({ coerceTypes: false })
  // Header values arrive as text; coercion lets `type: integer` judge "42" as the number 42.
  const headers = makeAjv({ coerceTypes: true })
  const schemas = rewriteReferences(child(document.components, 'schemas'))
  bodies.addSchema({ $id: schemaBaseId, $defs: schemas })
  const cache = new Map<string, CompiledResponse>()
  return (method: string, path: string, status: number): CompiledResponse | undefined => {
    const key = `${method} ${path} ${status}`
    const cached = cache.get(key)
    if (cached !== undefined) return cached
    const response = findResponse(document, method, path, status)
    if (response === undefined) return undefined
    const schema = child(child(child(response, 'content'), 'application/json'), 'schema')
    const entry = {
      body: schema === undefined ? null : bodies.compile(asSchema(rewriteReferences(schema))),
      headers: headers.compile(headerSchema(document, response)),
    }
    cache.set(key, entry)
    return entry
  }
}

/** Compiles the document's schemas and returns a validator for real responses. */
export function createResponseValidator(
  document: JsonObject = loadOpenApiDocument(),
): ResponseValidator {
  const compiled = createCompiler(document)
  return ({ method, path, status, headers, body }) => {
    const entry = compiled(method, path, status)
    if (entry === undefined) {
      return {
        isValid: false,
        errors: [`status ${status} is not documented for ${method} ${path}`],
      }
    }
    const errors: string[] = []
    // A copy: header coercion rewrites the values it checks.
    if (!entry.headers(Object.fromEntries(headers.entries()))) {
      errors.push(...describe(entry.headers.errors, 'headers'))
    }
    if (entry.body !== null && !entry.body(body)) {
      errors.push(...describe(entry.body.errors, 'body'))
    }
    return { isValid: errors.length === 0, errors }
  }
}
