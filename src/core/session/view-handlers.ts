// Saved views and facet counts: the sidebar's named filters and the counts beside the filter.
import type Database from 'better-sqlite3'
import type { MethodOutput, MethodParams } from '../../shared/contract'
import { parseQuery } from '../../shared/query-language'
import { CoreError } from '../errors'
import type { BackgroundQueries } from '../query/background-queries'
import { createViewStore } from '../store/view-store'

/** Handlers of views.list, views.save, views.delete and logs.facets (run in `background`). */
export function createViewHandlers(
  db: () => Database.Database,
  clock: () => number,
  background: BackgroundQueries,
) {
  let store: ReturnType<typeof createViewStore> | undefined
  const views = () => (store ??= createViewStore(db()))
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
    'logs.facets': async (
      input: MethodParams<'logs.facets'>,
    ): Promise<MethodOutput<'logs.facets'>> => {
      const facets = await background.facets(input.stream, input.filter)
      return { facets: facets ?? [], isTooBroad: facets === undefined }
    },
  }
}
