import vm from 'node:vm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { foldRoutes } from './chart-statements'
import { foldRoutesSource, routeOfSource } from './chart-worker-source'
import { routeOf } from './routes'

type Ported = {
  routeOf: (endpoint: string) => [string, string | null]
  foldRoutes: (rows: unknown[][]) => unknown[][]
}

// The worker's source, evaluated in this realm so its arrays compare as ours do.
const ported = vm.runInThisContext(
  `(() => { ${routeOfSource}\n${foldRoutesSource}\nreturn { routeOf, foldRoutes } })()`,
) as Ported // the object the source returns

const segment = fc.oneof(
  fc.constantFrom('v1', 'documents', 'templates', 'generate', '', '{id}', '*', '?', 'a?b'),
  fc.stringMatching(/^[a-z]{1,4}_[0-9A-Z]{16,26}$/),
  fc.stringMatching(/^\d{1,8}$/),
  fc.uuid(),
  fc.string({ maxLength: 12 }),
)
const endpoint = fc.oneof(
  fc.array(segment, { maxLength: 6 }).map((parts) => `/${parts.join('/')}`),
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 500, maxLength: 600 }),
)

describe('routes', () => {
  it('group ids in a path under their type prefix and say how to filter for them', () => {
    expect(routeOf('/v1/documents/doc_01JDQ7ZK4M9X2B8C6V5N3T1RWA')).toEqual({
      route: '/v1/documents/doc_{id}',
      endpointFilter: '/v1/documents/doc_*',
    })
    expect(routeOf('/v1/projects/123/members/4')).toEqual({
      route: '/v1/projects/{id}/members/{id}',
      endpointFilter: '/v1/projects/*',
    })
    expect(routeOf('/v1/templates')).toEqual({
      route: '/v1/templates',
      endpointFilter: '/v1/templates',
    })
    // A trailing * would be read as a prefix: such an endpoint is matched as one.
    expect(routeOf('/v1/100%_done*').endpointFilter).toBe('/v1/100%_done*')
    expect(routeOf('/v1/x?token=secret')).toEqual({ route: '/v1/x?…', endpointFilter: '/v1/x?*' })
    expect(routeOf('/v1/\u0007bell').endpointFilter).toBeNull()
    expect(routeOf('x'.repeat(600)).route).toHaveLength(513)
  })

  it('are computed by the worker exactly as here', () => {
    fc.assert(
      fc.property(endpoint, (text) => {
        const { route, endpointFilter } = routeOf(text)
        expect(ported.routeOf(text)).toEqual([route, endpointFilter])
      }),
      { numRuns: 3000 },
    )
    fc.assert(
      fc.property(
        fc.array(fc.tuple(endpoint, fc.nat(100), fc.nat(100)), { maxLength: 40 }),
        (rows) => {
          expect(ported.foldRoutes(rows)).toEqual(foldRoutes(rows))
        },
      ),
      { numRuns: 300 },
    )
  })
})
