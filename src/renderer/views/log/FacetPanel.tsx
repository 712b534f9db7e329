import { useEffect, useState } from 'react'
import type { Facet } from '../../../shared/contract'
import type { EventFilter, Stream } from '../../../shared/filter'
import type { QueryFilter } from '../../../shared/query-language'
import { useClient } from '../../client/ClientContext'
import { SafeText } from '../../components/log/LogValue'
import { formatCount } from '../../format'
import { isSelectable, selectedValues, toggleValue } from './facet-filter'

/** The most matching events the counts are computed for. */
export const facetLimit = 50_000

const titles: Record<string, string> = {
  action: 'Action',
  category: 'Category',
  status: 'Status',
  actor: 'Actor',
  resource: 'Resource type',
  endpoint: 'Endpoint',
  method: 'Method',
  key: 'API key',
}

/** Counts of the most frequent values under the current filter; a click refines the filter. */
export function FacetPanel(props: {
  stream: Stream
  filter: EventFilter | undefined
  queryFilter: QueryFilter
  version: number
  /** False while the page itself loads: the counts wait, so they never delay the rows. */
  isReady: boolean
  /** How many events the filter matches (the counts are only computed up to `facetLimit`). */
  total: number | undefined
  onChange: (filter: QueryFilter) => void
}) {
  const client = useClient()
  const [facets, setFacets] = useState<{ key: string; facets: Facet[] }>({ key: '', facets: [] })
  const key = JSON.stringify([props.stream, props.filter ?? null, props.version])
  const { stream, filter, isReady, total } = props
  // Counting the values of 50,000 events takes about 0.3 s on the reference machine, and the core
  // answers one call at a time: above this many matching events the panel asks for a narrower
  // filter instead of holding the core while the reviewer works.
  const isTooBroad = total !== undefined && total > facetLimit

  useEffect(() => {
    if (filter === undefined || !isReady || total === undefined || isTooBroad) return
    let isCurrent = true
    void client.call('logs.facets', { stream, filter }).then((result) => {
      if (isCurrent && result.ok) setFacets({ key, facets: result.value.facets })
    })
    return () => {
      isCurrent = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for stream, filter and version
  }, [client, key, isReady, total, isTooBroad])

  return (
    <aside className="facets" aria-label="Counts under this filter" data-testid="facets">
      {isTooBroad && (
        <p className="muted" data-testid="facets-too-broad">
          Counts by action, category, status and actor appear when the filter matches at most{' '}
          {formatCount(facetLimit)} events. Narrow the time range or add a condition.
        </p>
      )}
      {(isTooBroad || facets.key !== key ? [] : facets.facets)
        .filter((facet) => facet.values.length > 0)
        .map((facet) => {
          const selected = selectedValues(props.queryFilter, facet.field)
          return (
            <section key={facet.field} className="facet">
              <h3>{titles[facet.field] ?? facet.field}</h3>
              <ul>
                {facet.values.map((entry) => (
                  <li key={entry.value}>
                    <label>
                      <input
                        type="checkbox"
                        checked={selected.includes(entry.value)}
                        disabled={!isSelectable(facet.field)}
                        onChange={() => {
                          props.onChange(toggleValue(props.queryFilter, facet.field, entry.value))
                        }}
                        data-testid={`facet-${facet.field}`}
                      />
                      <span
                        className="facet-value"
                        title={entry.label === undefined ? undefined : entry.value}
                      >
                        <SafeText value={entry.label ?? entry.value} />
                      </span>
                      <span className="facet-count">{formatCount(entry.count)}</span>
                    </label>
                  </li>
                ))}
              </ul>
              {facet.others > 0 && (
                <p className="muted facet-others">and {formatCount(facet.others)} more</p>
              )}
            </section>
          )
        })}
    </aside>
  )
}
