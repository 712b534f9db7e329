// The transport-agnostic boundary (CONVENTIONS.md §2): every host hands it an untrusted method name
// and input; it validates both, runs the handler, validates the output, and returns errors as data.
import { methods } from '../shared/contract'
import { methodNames, type MethodName } from '../shared/method-names'
import { fail, ok, type Result } from '../shared/result'
import type { Handlers } from './core'
import { CoreError } from './errors'
import type { Logger } from './ports'

/** Calls one contract method with untrusted arguments; never throws, never leaks a stack. */
export type Dispatch = (method: unknown, input: unknown) => Promise<Result<unknown>>

const isMethodName = (value: unknown): value is MethodName =>
  typeof value === 'string' && (methodNames as readonly string[]).includes(value)

/** Builds the dispatcher over a core's handlers. */
export function createDispatcher(handlers: Handlers, logger: Logger): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method)) {
      const shown = typeof method === 'string' ? method.slice(0, 80) : typeof method
      return fail('unknown_method', `"${shown}" is not a method of Audit Desk.`)
    }
    const spec = methods[method]
    const parsed = spec.input.safeParse(input ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : ''
      return fail(
        'invalid_input',
        `Invalid input for ${method}${where}: ${issue?.message ?? 'rejected'}.`,
      )
    }
    try {
      // The input was parsed by this very method's schema; TypeScript cannot correlate the union.
      const handler = handlers[method] as (params: unknown) => Promise<unknown>
      const value = await handler(parsed.data)
      const checked = spec.output.safeParse(value)
      if (!checked.success) {
        logger.error('handler returned output outside the contract', { method })
        return fail(
          'internal',
          `${method} produced an unexpected result; this is a bug in Audit Desk.`,
        )
      }
      return ok(checked.data)
    } catch (cause) {
      if (cause instanceof CoreError) return fail(cause.code, cause.message)
      logger.error('handler failed', {
        method,
        error: cause instanceof Error ? cause.message : String(cause),
      })
      return fail(
        'internal',
        `${method} failed unexpectedly; this is a bug in Audit Desk. Details are in the log.`,
      )
    }
  }
}
