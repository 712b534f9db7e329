// Saved views and facet counts: the sidebar's named filters and the counts beside the filter.
import type Database from 'better-sqlite3'
import type { MethodOutput, MethodParams } from '../../shared/contract'
import { parseQuery } from '../../shared/query-language'
import { CoreError } from '../errors'
import { createEventQuery } from '../query/event-query'
import { createViewStore } from '../store/view-store'

/** Handlers of views.list, views.save, views.delete and logs.facets. */
export function createViewHandlers(db: () => Database.Database, clock: () => number) {
  let store: ReturnType<typeof createViewStore> | undefined
  let query: ReturnType<typeof createEventQuery> | undefined
  const views = () => (store ??= createViewStore(db()))
  const events = () => (query ??= createEventQuery(db()))
  return {
    'views.list': (): Promise<MethodOutput<'views.list'>> =>
      Promise.resolve({ views: views().list() }),
    'views.save': (input: MethodParams<'views.save'>): Promise<MethodOutput<'views.save'>> => {
      const parsed = parseQuery(input.query, input.stream)
      const first = parsed.errors[0]
      if (first !== undefined) {
        throw new CoreError(
          'invalid_input',
          `The view's filter has an error: ${first.message} Fix the query, then save it again.`,
        )
      }
      return Promise.resolve(
        views().save(
          { stream: input.stream, name: input.name.trim(), query: input.query },
          clock(),
        ),
      )
    },
    'views.delete': (input: MethodParams<'views.delete'>): Promise<MethodOutput<'views.delete'>> =>
      Promise.resolve({ deleted: views().delete(input.id) }),
    'logs.facets': (input: MethodParams<'logs.facets'>): Promise<MethodOutput<'logs.facets'>> => {
      const facets = events().facets(input.stream, input.filter)
      return Promise.resolve({ facets: facets ?? [], isTooBroad: facets === undefined })
    },
  }
}
